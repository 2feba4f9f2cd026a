package dev.parley.bench.targets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The searchable text a user sees, read from the store's tables for a sample of conversations:
 * the first {@code limit} conversations the user may see in the order of their ids (random
 * UUIDs, so an even sample, and the same sample every time for the same store). An employee
 * sees every conversation and internal notes too; anyone else sees their rows of
 * {@code conversation_viewers} (the server's visibility rule, kept by triggers) and the public
 * messages. Each conversation comes as its title and its messages, as search indexes them
 * (the short id, also indexed with the title, is left out: it is no word anyone searches for
 * by frequency).
 */
final class VisibleText {
    /** One conversation of the sample. */
    record Conversation(String id, String title, List<String> messages) {
    }

    interface Sink {
        void accept(Conversation conversation);
    }

    private VisibleText() {
    }

    static boolean isEmployee(Connection c, String userId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT is_employee FROM users WHERE user_id = ?")) {
            st.setString(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no user " + userId + " in the store");
                }
                return rs.getInt(1) == 1;
            }
        }
    }

    /** Feeds the user's first {@code limit} visible conversations to {@code sink}, in id order. */
    static void sample(Connection c, String userId, int limit, Sink sink) throws SQLException {
        boolean employee = isEmployee(c, userId);
        String sample = employee
                ? "SELECT conversation_id FROM conversations ORDER BY conversation_id LIMIT ?"
                : "SELECT conversation_id FROM conversation_viewers WHERE user_id = ? ORDER BY conversation_id LIMIT ?";
        // the title first (seq 0; a timeline starts at 1), then the messages in timeline order
        String sql = "WITH sample AS (" + sample + ")"
                + " SELECT c.conversation_id, 0 AS seq, c.title AS text FROM sample s"
                + " JOIN conversations c ON c.conversation_id = s.conversation_id"
                + " UNION ALL SELECT t.conversation_id, t.seq, t.content FROM sample s"
                + " JOIN timeline_entries t ON t.conversation_id = s.conversation_id"
                + " WHERE t.type = 'MESSAGE' AND t.content IS NOT NULL" + (employee ? "" : " AND t.internal = 0")
                + " ORDER BY 1, 2";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            int i = 1;
            if (!employee) {
                st.setString(i++, userId);
            }
            st.setInt(i, limit);
            st.setFetchSize(2_000); // PostgreSQL streams the rows only with a fetch size (and autocommit off)
            try (ResultSet rs = st.executeQuery()) {
                String id = null;
                String title = null;
                List<String> messages = new ArrayList<>();
                while (rs.next()) {
                    String rowId = rs.getString(1);
                    if (!rowId.equals(id)) {
                        if (id != null) {
                            sink.accept(new Conversation(id, title, messages));
                        }
                        id = rowId;
                        title = rs.getString(3);
                        messages = new ArrayList<>();
                    } else {
                        messages.add(rs.getString(3));
                    }
                }
                if (id != null) {
                    sink.accept(new Conversation(id, title, messages));
                }
            }
        }
    }
}
