package dev.parley.events.stream;

import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The SQL of live streams: event rows by position, and who of the streaming users sees which conversation. */
final class StreamSql {
    /** Rows per read, and ids per IN list (within SQLite's bound-parameter limit). */
    static final int PAGE = 500;

    private StreamSql() {
    }

    /** Rows after {@code from} up to {@code to}, oldest first, at most {@link #PAGE}. */
    static List<EventRow> after(Handle h, long from, long to) {
        return h.createQuery("""
                        SELECT position, type, conversation_id, actor_id, subject_id, audience FROM events
                        WHERE position > :from AND position <= :to ORDER BY position LIMIT :limit""")
                .bind("from", from).bind("to", to).bind("limit", PAGE)
                .map((rs, ctx) -> row(rs)).list();
    }

    /** The rows among {@code positions} that exist by now (positions that committed late on PostgreSQL). */
    static List<EventRow> at(Handle h, Collection<Long> positions) {
        List<EventRow> rows = new ArrayList<>();
        for (List<Long> chunk : chunks(new ArrayList<>(positions))) {
            rows.addAll(h.createQuery("""
                            SELECT position, type, conversation_id, actor_id, subject_id, audience FROM events
                            WHERE position IN (<positions>) ORDER BY position""")
                    .bindList("positions", chunk).map((rs, ctx) -> row(rs)).list());
        }
        return rows;
    }

    /**
     * Which (user, conversation) pairs of the given users and conversations are visible, from
     * {@code conversation_viewers}: the rows the triggers keep from the visibility rule (the SQL
     * twin of AccessPolicy, V5) for every non-employee, current with every membership change.
     */
    static Set<String> visiblePairs(Handle h, Collection<String> userIds, Collection<String> conversationIds) {
        Set<String> pairs = new HashSet<>();
        if (userIds.isEmpty() || conversationIds.isEmpty()) {
            return pairs;
        }
        for (List<String> users : chunks(new ArrayList<>(userIds))) {
            for (List<String> conversations : chunks(new ArrayList<>(conversationIds))) {
                h.createQuery("""
                                SELECT user_id, conversation_id FROM conversation_viewers
                                WHERE user_id IN (<users>) AND conversation_id IN (<conversations>)""")
                        .bindList("users", users).bindList("conversations", conversations)
                        .map((rs, ctx) -> pair(rs.getString(1), rs.getString(2)))
                        .forEach(pairs::add);
            }
        }
        return pairs;
    }

    static String pair(String userId, String conversationId) {
        return userId + "\n" + conversationId;
    }

    private static EventRow row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new EventRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6));
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += PAGE) {
            chunks.add(all.subList(i, Math.min(all.size(), i + PAGE)));
        }
        return chunks;
    }
}
