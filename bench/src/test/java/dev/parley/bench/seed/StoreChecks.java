package dev.parley.bench.seed;

import dev.parley.conversation.SqliteSearchKeys;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The consistency the server keeps, checked with SQL on a seeded store (either engine). */
final class StoreChecks {
    private static final Map<String, String> CHECKS = new LinkedHashMap<>();

    static {
        CHECKS.put("first timeline entry is not CONVERSATION_CREATED", """
                SELECT COUNT(*) FROM conversations c WHERE NOT EXISTS (SELECT 1 FROM timeline_entries t
                  WHERE t.conversation_id = c.conversation_id AND t.seq = 1 AND t.type = 'STATUS_UPDATE'
                    AND t.content = 'CONVERSATION_CREATED' AND t.created_at = c.created_at
                    AND t.created_by = c.created_by)""");
        CHECKS.put("timeline seq not 1..n", """
                SELECT COUNT(*) FROM (SELECT conversation_id FROM timeline_entries GROUP BY conversation_id
                  HAVING COUNT(*) <> MAX(seq) OR MIN(seq) <> 1) g""");
        CHECKS.put("timeline times not in order", """
                SELECT COUNT(*) FROM timeline_entries a JOIN timeline_entries b
                  ON b.conversation_id = a.conversation_id AND b.seq = a.seq + 1 WHERE b.created_at < a.created_at""");
        CHECKS.put("lastMessage is not the newest public message", """
                SELECT COUNT(*) FROM conversations c WHERE c.last_message_id IS DISTINCT FROM (
                  SELECT t.entry_id FROM timeline_entries t WHERE t.conversation_id = c.conversation_id
                    AND t.type = 'MESSAGE' AND t.internal = 0 ORDER BY t.seq DESC LIMIT 1)""");
        CHECKS.put("sort_at is not the newest activity", """
                SELECT COUNT(*) FROM conversations WHERE sort_at <> COALESCE(last_message_at, created_at)""");
        CHECKS.put("status is not that of the last status update", """
                SELECT COUNT(*) FROM conversations c WHERE (SELECT t.content FROM timeline_entries t
                  WHERE t.conversation_id = c.conversation_id AND t.type = 'STATUS_UPDATE' ORDER BY t.seq DESC LIMIT 1)
                  <> CASE c.status WHEN 'open' THEN 'STATUS_OPEN' WHEN 'answered' THEN 'STATUS_ANSWERED'
                    WHEN 'closed' THEN 'STATUS_CLOSED' WHEN 'inProgress' THEN 'STATUS_IN_PROGRESS'
                    WHEN 'waiting' THEN 'STATUS_WAITING' END
                  AND NOT (c.status = 'open' AND NOT EXISTS (SELECT 1 FROM timeline_entries t
                    WHERE t.conversation_id = c.conversation_id AND t.type = 'STATUS_UPDATE' AND t.seq > 1))""");
        CHECKS.put("conversations without their search row", """
                SELECT COUNT(*) FROM conversations c WHERE NOT EXISTS (SELECT 1 FROM search_index s
                  WHERE s.conversation_id = c.conversation_id AND s.entry_id IS NULL)""");
        CHECKS.put("messages without their search row", """
                SELECT COUNT(*) FROM timeline_entries t WHERE t.type = 'MESSAGE' AND t.content IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM search_index s WHERE s.entry_id = t.entry_id AND s.internal = t.internal)""");
        CHECKS.put("search rows of nothing", """
                SELECT (SELECT COUNT(*) FROM search_index) - (SELECT COUNT(*) FROM conversations)
                  - (SELECT COUNT(*) FROM timeline_entries WHERE type = 'MESSAGE' AND content IS NOT NULL)""");
        CHECKS.put("event positions not 1..n", "SELECT COUNT(*) - MAX(position) FROM events");
        CHECKS.put("conversations without their ConversationCreated event", """
                SELECT COUNT(*) FROM conversations c WHERE NOT EXISTS (SELECT 1 FROM events e
                  WHERE e.conversation_id = c.conversation_id AND e.type = 'ConversationCreated')""");
        CHECKS.put("event positions not in time order", """
                SELECT COUNT(*) FROM events a JOIN events b ON b.position = a.position + 1 WHERE b.created_at < a.created_at""");
        CHECKS.put("events: not one per created conversation, later message, status change and edit", """
                SELECT (SELECT COUNT(*) FROM events WHERE type = 'MessageCreated')
                  - (SELECT COUNT(*) FROM timeline_entries WHERE type = 'MESSAGE')
                  + (SELECT COUNT(*) FROM timeline_entries t JOIN conversations c ON c.conversation_id = t.conversation_id
                     WHERE t.seq = 2 AND t.type = 'MESSAGE' AND t.created_at = c.created_at)""");
        CHECKS.put("edits without their MessageUpdated event", """
                SELECT (SELECT COUNT(*) FROM timeline_entries WHERE edited_at IS NOT NULL)
                  - (SELECT COUNT(*) FROM events WHERE type = 'MessageUpdated')""");
    }

    private StoreChecks() {
    }

    /** The violated checks with their counts; empty when the store is consistent. */
    static List<String> violations(String jdbcUrl) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            for (Map.Entry<String, String> check : CHECKS.entrySet()) {
                try (ResultSet rs = st.executeQuery(check.getValue())) {
                    rs.next();
                    if (rs.getLong(1) != 0) {
                        out.add(check.getKey() + ": " + rs.getLong(1));
                    }
                }
            }
            if (jdbcUrl.startsWith("jdbc:sqlite:")) {
                try (ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
                    if (rs.next()) {
                        out.add("foreign key violation in " + rs.getString(1));
                    }
                }
                try (ResultSet rs = st.executeQuery(SqliteSearchKeys.ROWS_WITHOUT_KEY)) {
                    rs.next();
                    if (rs.getLong(1) != 0) {
                        out.add("search rows without their key: " + rs.getLong(1));
                    }
                }
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                    rs.next();
                    if (!"wal".equalsIgnoreCase(rs.getString(1))) {
                        out.add("journal_mode is " + rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Every row of the seeded tables in a fixed order, as text: equal stores give equal dumps.
     * Search rows differ between engines by design (normalised words on PostgreSQL).
     */
    static String dump(String jdbcUrl, boolean withSearch) throws SQLException {
        StringBuilder out = new StringBuilder();
        String[] queries = {
                "SELECT * FROM users ORDER BY user_id", "SELECT * FROM customers ORDER BY customer_id",
                "SELECT * FROM customer_members ORDER BY customer_id, user_id",
                "SELECT * FROM projects ORDER BY project_id", "SELECT * FROM project_members ORDER BY project_id, user_id",
                "SELECT * FROM api_tokens ORDER BY token_hash",
                "SELECT * FROM categories ORDER BY name", "SELECT * FROM conversations ORDER BY conversation_id",
                "SELECT * FROM timeline_entries ORDER BY entry_id", "SELECT * FROM events ORDER BY position",
                "SELECT conversation_id, entry_id, internal, body FROM search_index ORDER BY conversation_id, entry_id"};
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            for (String q : queries) {
                if (!withSearch && q.contains("search_index")) {
                    continue;
                }
                try (ResultSet rs = st.executeQuery(q)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            out.append(rs.getString(i)).append('|');
                        }
                        out.append('\n');
                    }
                }
            }
        }
        return out.toString();
    }
}
