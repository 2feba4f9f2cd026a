package dev.parley.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.SearchIndex;
import dev.parley.identity.Caller;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The queue and read states for the desk's pages (outside this package): the same {@link Queue}
 * and {@link ReadStates} the API's extension operations use, with the same filters and rules.
 */
public final class DeskQueue {
    /** Tab names in their order (as the API's {@code tab} parameter names them). */
    public static final List<String> TABS = Arrays.stream(QueueTab.values()).map(t -> t.apiName).toList();
    private static final int MAX_SEARCH_GROUPS = 16;

    private final Database database;
    private final Queue queue;

    private final ReadStates readStates;

    DeskQueue(Database database, Queue queue, ReadStates readStates) {
        this.database = database;
        this.queue = queue;
        this.readStates = readStates;
    }

    /**
     * The filters as the API's query parameters take them; null means not filtered.
     * {@code assignee}: "me", "none" or a userId.
     */
    public record Filter(String categoryId, String customerId, String projectId, String assignee,
                         Integer olderThanHours, String fullTextSearch) {
    }

    /** One row: the conversation as the API renders it, and the queue's own fields. */
    public record Row(JsonNode conversation, String assigneeId, String lastMessageBy, String waitingSince, boolean unread) {
    }

    public record Page(List<Row> rows, long total) {
    }

    public static boolean isTab(String name) {
        return TABS.contains(name);
    }

    public Page list(Caller caller, String tab, Filter filter, int limit, long skip) {
        Queue.Page page = queue.list(caller, QueueTab.of(tab), filter(caller, filter), limit, skip);
        List<Row> rows = new ArrayList<>(page.items().size());
        for (ObjectNode item : page.items()) {
            rows.add(new Row(item.get("conversation"), text(item, "assigneeId"), text(item, "lastMessageBy"),
                    text(item, "waitingSince"), item.path("unread").asBoolean()));
        }
        return new Page(rows, page.total());
    }

    /** Counts per tab, in the tabs' order. */
    public Map<String, Long> counts(Caller caller, Filter filter) {
        Map<String, Long> out = new LinkedHashMap<>();
        queue.counts(caller, filter(caller, filter)).forEach((tab, n) -> out.put(tab.apiName, n));
        return out;
    }

    /** Which of {@code ids} (conversations the caller may see) changed since the caller last read them. */
    public Map<String, Boolean> unread(Caller caller, List<String> ids) {
        return readStates.unread(caller, ids);
    }

    /** The active employees (for the assignee filter and names), by name. */
    public List<Map.Entry<String, String>> employees() {
        return database.read(h -> h.createQuery(
                        "SELECT user_id, clear_name FROM users WHERE is_employee = 1 AND active = 1 ORDER BY clear_name, user_id")
                .map((rs, ctx) -> Map.entry(rs.getString(1), Optional.ofNullable(rs.getString(2)).orElse("")))
                .list());
    }

    private static QueueFilter filter(Caller caller, Filter f) {
        String assignee = "me".equals(f.assignee()) ? caller.userId() : f.assignee();
        Long activeBefore = f.olderThanHours() == null ? null : Clock.nowMillis() - f.olderThanHours() * 3_600_000L;
        String fts = f.fullTextSearch();
        SearchIndex.Search search = fts == null || fts.isBlank() ? null : SearchIndex.parse(fts, MAX_SEARCH_GROUPS);
        return new QueueFilter(f.categoryId(), f.customerId(), f.projectId(), assignee, activeBefore, search);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
