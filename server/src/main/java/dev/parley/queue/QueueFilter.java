package dev.parley.queue;

import dev.parley.conversation.SearchIndex;
import dev.parley.conversation.SearchSql;
import dev.parley.storage.Engine;
import org.jdbi.v3.core.statement.SqlStatement;

import java.util.ArrayList;
import java.util.List;

/**
 * The queue's filters as SQL conditions on {@code conversations c}, and their bindings. Every
 * field may be null (not filtered). {@code assigneeId} is a userId or {@link #UNASSIGNED}.
 * Staff see every conversation, staff notes included in the search.
 */
record QueueFilter(String categoryId, String customerId, String projectId, String assigneeId,
                   Long activeBefore, SearchIndex.Search search) {
    static final String UNASSIGNED = "none";

    /** Which customer a conversation concerns: shared with it, or with one of its projects or placement groups, or related to one of its projects. */
    static final String CONCERNS_CUSTOMER = """
            ((c.shared_aggregate = 'customer' AND c.shared_id = :customerId)
             OR (c.shared_aggregate = 'project' AND c.shared_id IN (SELECT project_id FROM projects WHERE customer_id = :customerId))
             OR (c.shared_aggregate = 'placementgroup'
                 AND c.shared_id IN (SELECT placement_group_id FROM placement_groups WHERE customer_id = :customerId))
             OR (c.related_aggregate = 'project' AND c.related_id IN (SELECT project_id FROM projects WHERE customer_id = :customerId)))""";
    /** Which project: shared with it or related to it. */
    static final String CONCERNS_PROJECT = """
            ((c.shared_aggregate = 'project' AND c.shared_id = :projectId)
             OR (c.related_aggregate = 'project' AND c.related_id = :projectId))""";

    static QueueFilter none() {
        return new QueueFilter(null, null, null, null, null, null);
    }

    /** Whether nothing is filtered: the whole queue. */
    boolean isEmpty() {
        return categoryId == null && customerId == null && projectId == null && assigneeId == null
                && activeBefore == null && search == null;
    }

    /** A search that cannot match anything (only excluded or empty terms). */
    boolean matchesNothing() {
        return search != null && search.isEmpty();
    }

    List<String> conditions(Engine engine) {
        List<String> out = new ArrayList<>();
        if (categoryId != null) {
            out.add("c.category_id = :categoryId");
        }
        if (customerId != null) {
            out.add(CONCERNS_CUSTOMER);
        }
        if (projectId != null) {
            out.add(CONCERNS_PROJECT);
        }
        if (UNASSIGNED.equals(assigneeId)) {
            out.add("c.assignee_id IS NULL");
        } else if (assigneeId != null) {
            out.add("c.assignee_id = :assigneeId");
        }
        if (activeBefore != null) {
            out.add("c.sort_at <= :activeBefore");
        }
        if (search != null) {
            // each group may match a different row (title or message), as in the contract's list
            for (int i = 0; i < search.groups().size(); i++) {
                out.add("c.conversation_id IN (SELECT conversation_id FROM search_index WHERE "
                        + SearchSql.matches(engine, "search" + i) + ")");
            }
            if (search.exclusion() != null) {
                out.add(SearchSql.excludes(engine, "c.conversation_id", "exclude", false));
            }
        }
        return out;
    }

    void bind(Engine engine, SqlStatement<?> statement) {
        if (categoryId != null) {
            statement.bind("categoryId", categoryId);
        }
        if (customerId != null) {
            statement.bind("customerId", customerId);
        }
        if (projectId != null) {
            statement.bind("projectId", projectId);
        }
        if (assigneeId != null && !UNASSIGNED.equals(assigneeId)) {
            statement.bind("assigneeId", assigneeId);
        }
        if (activeBefore != null) {
            statement.bind("activeBefore", activeBefore);
        }
        if (search != null) {
            for (int i = 0; i < search.groups().size(); i++) {
                statement.bind("search" + i, SearchSql.query(engine, search.groups().get(i)));
            }
            if (search.exclusion() != null) {
                statement.bind("exclude", SearchSql.query(engine, search.exclusion()));
            }
        }
    }
}
