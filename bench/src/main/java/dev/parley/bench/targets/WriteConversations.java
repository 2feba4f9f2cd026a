package dev.parley.bench.targets;

import dev.parley.identity.Tokens;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversations the writing scenarios ({@code create-message}, {@code mixed}) spread their
 * messages over: the customer's most recently active, up to {@link #MAX}. A seeded store's
 * credentials list only five, and 32 writers on five conversations measure how writers of one
 * conversation queue for its row, not how many messages a desk takes.
 */
public final class WriteConversations {
    /** 32 writers over at most this many conversations */
    public static final int MAX = 1_000;

    private WriteConversations() {
    }

    /** Up to {@link #MAX} conversations the owner of {@code customerToken} sees, newest activity first. */
    public static List<String> draw(String jdbcUrl, String customerToken) {
        List<String> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement st = c.prepareStatement("""
                     SELECT v.conversation_id FROM conversation_viewers v
                     JOIN api_tokens t ON t.user_id = v.user_id
                     WHERE t.token_hash = ? ORDER BY v.sort_at DESC, v.conversation_id LIMIT ?""")) {
            st.setString(1, Tokens.hash(customerToken));
            st.setInt(2, MAX);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the customer's conversations from " + jdbcUrl + ": "
                    + e.getMessage(), e);
        }
        return ids;
    }
}
