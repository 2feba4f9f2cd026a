package dev.parley.testing;

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

/**
 * No half-written state, checked in the database itself (JDBC, either engine): each mutation is
 * one transaction, so whatever a crash or a lost connection interrupted, every conversation starts
 * with its CONVERSATION_CREATED entry, its timeline is numbered 1..n without gaps, and no
 * timeline entry, search row or event points to a conversation that is not there, and on SQLite
 * every search row has its key.
 */
public final class StoreIntegrity {
    /** Each check: a description and a query counting its violations. */
    private static final Map<String, String> CHECKS = new LinkedHashMap<>();

    static {
        CHECKS.put("conversations whose first timeline entry is not STATUS_UPDATE CONVERSATION_CREATED", """
                SELECT COUNT(*) FROM conversations c WHERE NOT EXISTS (
                  SELECT 1 FROM timeline_entries t WHERE t.conversation_id = c.conversation_id AND t.seq = 1
                    AND t.type = 'STATUS_UPDATE' AND t.content = 'CONVERSATION_CREATED')""");
        CHECKS.put("conversations whose timeline seq is not 1..n", """
                SELECT COUNT(*) FROM (SELECT conversation_id FROM timeline_entries GROUP BY conversation_id
                  HAVING COUNT(*) <> MAX(seq) OR MIN(seq) <> 1) g""");
        CHECKS.put("timeline entries without their conversation", """
                SELECT COUNT(*) FROM timeline_entries t WHERE NOT EXISTS (
                  SELECT 1 FROM conversations c WHERE c.conversation_id = t.conversation_id)""");
        CHECKS.put("search rows without their conversation", """
                SELECT COUNT(*) FROM search_index s WHERE NOT EXISTS (
                  SELECT 1 FROM conversations c WHERE c.conversation_id = s.conversation_id)""");
        CHECKS.put("events of a conversation that is not there", """
                SELECT COUNT(*) FROM events e WHERE e.conversation_id IS NOT NULL AND NOT EXISTS (
                  SELECT 1 FROM conversations c WHERE c.conversation_id = e.conversation_id)""");
        CHECKS.put("conversations whose lastMessage is not in their timeline", """
                SELECT COUNT(*) FROM conversations c WHERE c.last_message_id IS NOT NULL AND NOT EXISTS (
                  SELECT 1 FROM timeline_entries t WHERE t.entry_id = c.last_message_id
                    AND t.conversation_id = c.conversation_id)""");
    }

    private StoreIntegrity() {
    }

    /** The violations found (empty when the store is consistent) in the database at {@code jdbcUrl}. */
    public static List<String> violations(String jdbcUrl) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
            if (jdbcUrl.startsWith("jdbc:sqlite:")) {
                try (ResultSet rs = st.executeQuery(SqliteSearchKeys.ROWS_WITHOUT_KEY)) {
                    rs.next();
                    if (rs.getLong(1) != 0) {
                        found.add(rs.getLong(1) + " search rows without their key (a rename or an edit would not find them)");
                    }
                }
            }
            for (Map.Entry<String, String> check : CHECKS.entrySet()) {
                try (ResultSet rs = st.executeQuery(check.getValue())) {
                    rs.next();
                    long count = rs.getLong(1);
                    if (count != 0) {
                        found.add(count + " " + check.getKey());
                    }
                }
            }
        }
        return found;
    }

    /** How many rows {@code table} has (for the numbers a test reports). */
    public static long count(String jdbcUrl, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
