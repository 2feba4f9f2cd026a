package dev.parley.bench.targets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    /** ids per IN list: well under SQLite's and PostgreSQL's limits on bound parameters */
    private static final int BATCH = 500;

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
        List<String> ids = new ArrayList<>(limit);
        try (PreparedStatement st = c.prepareStatement(employee
                ? "SELECT conversation_id FROM conversations ORDER BY conversation_id LIMIT ?"
                : "SELECT conversation_id FROM conversation_viewers WHERE user_id = ? ORDER BY conversation_id LIMIT ?")) {
            int i = 1;
            if (!employee) {
                st.setString(i++, userId);
            }
            st.setInt(i, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        // then the text by id, in batches: one join with the sample let SQLite scan every
        // timeline entry in index order instead of looking up the sample's
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(from + BATCH, ids.size()));
            Map<String, String> titles = new HashMap<>();
            Map<String, TreeMap<Integer, String>> messages = new HashMap<>();
            String in = String.join(",", Collections.nCopies(batch.size(), "?"));
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT conversation_id, title FROM conversations WHERE conversation_id IN (" + in + ")")) {
                bind(st, batch);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        titles.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("SELECT conversation_id, seq, content FROM timeline_entries"
                    + " WHERE conversation_id IN (" + in + ") AND type = 'MESSAGE' AND content IS NOT NULL"
                    + (employee ? "" : " AND internal = 0"))) {
                bind(st, batch);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        messages.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getInt(2), rs.getString(3));
                    }
                }
            }
            for (String id : batch) {
                sink.accept(new Conversation(id, titles.getOrDefault(id, ""),
                        List.copyOf(messages.getOrDefault(id, new TreeMap<>()).values())));
            }
        }
    }

    private static void bind(PreparedStatement st, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            st.setString(i + 1, values.get(i));
        }
    }
}
