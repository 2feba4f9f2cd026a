package dev.parley.client.model;

import java.util.List;

/**
 * The query of {@code listConversations}; {@link #all()} is no filter, the server's defaults
 * (limit 100, newest activity first). {@code skip} wins over {@code page} when both are set.
 */
public record ListConversationsQuery(
        String fullTextSearch,
        List<StatusFilter> status,
        Integer limit,
        Long skip,
        Long page,
        List<SortField> sort,
        List<SortOrder> order) {

    public ListConversationsQuery {
        status = status == null ? List.of() : List.copyOf(status);
        sort = sort == null ? List.of() : List.copyOf(sort);
        order = order == null ? List.of() : List.copyOf(order);
    }

    public static ListConversationsQuery all() {
        return new ListConversationsQuery(null, null, null, null, null, null, null);
    }

    /** Keywords (prefix-matched) and {@code "quoted phrases"} over title, shortId and messages. */
    public ListConversationsQuery withFullTextSearch(String value) {
        return new ListConversationsQuery(value, status, limit, skip, page, sort, order);
    }

    /** {@code open} means unresolved (also answered, in progress, waiting). */
    public ListConversationsQuery withStatus(StatusFilter... value) {
        return new ListConversationsQuery(fullTextSearch, List.of(value), limit, skip, page, sort, order);
    }

    public ListConversationsQuery withLimit(int value) {
        return new ListConversationsQuery(fullTextSearch, status, value, skip, page, sort, order);
    }

    public ListConversationsQuery withSkip(long value) {
        return new ListConversationsQuery(fullTextSearch, status, limit, value, page, sort, order);
    }

    public ListConversationsQuery withPage(long value) {
        return new ListConversationsQuery(fullTextSearch, status, limit, skip, value, sort, order);
    }

    /** Sort keys, each with the order at the same position in {@link #withOrder}. */
    public ListConversationsQuery withSort(SortField... value) {
        return new ListConversationsQuery(fullTextSearch, status, limit, skip, page, List.of(value), order);
    }

    public ListConversationsQuery withOrder(SortOrder... value) {
        return new ListConversationsQuery(fullTextSearch, status, limit, skip, page, sort, List.of(value));
    }

    /** The {@code status} filter values. */
    public enum StatusFilter {
        OPEN("open"), CLOSED("closed");

        private final String value;

        StatusFilter(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** The {@code sort} keys. */
    public enum SortField {
        CREATED_AT("createdAt"),
        LAST_MESSAGE_CREATED_AT("lastMessage.createdAt"),
        TITLE("title"),
        SHORT_ID("shortId"),
        CONVERSATION_ID("conversationId");

        private final String value;

        SortField(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** The {@code order} values. */
    public enum SortOrder {
        ASC("asc"), DESC("desc");

        private final String value;

        SortOrder(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }
}
