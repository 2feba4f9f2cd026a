package dev.parley.search;

import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The SQL that reads what the search index holds, from the database it is derived from. */
final class IndexSource {
    private IndexSource() {
    }

    /** The conversations of {@code ids} that exist, with their messages (in timeline order). */
    static List<IndexedConversation> read(Handle h, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> messages = new HashMap<>();
        Map<String, List<String>> notes = new HashMap<>();
        h.createQuery("""
                        SELECT conversation_id, internal, content FROM timeline_entries
                        WHERE conversation_id IN (<ids>) AND type = 'MESSAGE' AND content IS NOT NULL
                        ORDER BY conversation_id, seq""")
                .bindList("ids", ids)
                .map((rs, ctx) -> {
                    String id = rs.getString(1);
                    (rs.getInt(2) == 1 ? notes : messages).computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getString(3));
                    return id;
                }).forEach(id -> { });
        return h.createQuery("""
                        SELECT conversation_id, short_id, title, status, created_at, sort_at, created_by, main_user_id,
                               shared_aggregate, shared_id
                        FROM conversations WHERE conversation_id IN (<ids>)""")
                .bindList("ids", ids)
                .map((rs, ctx) -> {
                    String id = rs.getString(1);
                    return new IndexedConversation(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                            messages.getOrDefault(id, List.of()), notes.getOrDefault(id, List.of()));
                }).list();
    }

    /** Up to {@code limit} conversation ids after {@code after} (null: from the first), in id order. */
    static List<String> idsAfter(Handle h, String after, int limit) {
        return h.createQuery("SELECT conversation_id FROM conversations WHERE conversation_id > :after"
                        + " ORDER BY conversation_id LIMIT :limit")
                .bind("after", after == null ? "" : after).bind("limit", limit)
                .mapTo(String.class).list();
    }

    /** The conversations that events after {@code position} touched. */
    static List<String> changedAfter(Handle h, long position) {
        return h.createQuery("SELECT DISTINCT conversation_id FROM events WHERE position > :p AND conversation_id IS NOT NULL")
                .bind("p", position).mapTo(String.class).list();
    }

    /** How many conversations there are (the maintained per-status counts). */
    static long conversationCount(Handle h) {
        return h.createQuery("SELECT COALESCE(SUM(n), 0) FROM conversation_counts").mapTo(Long.class).one();
    }
}
