package dev.parley.conversation;

import org.jdbi.v3.core.Handle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** SQL for a customer's conversation preferences: preferred user per category, and a fallback. */
public final class PreferencesRepository {
    private PreferencesRepository() {
    }

    /** Preferences of a customer: category id → user id, and the fallback user. */
    public record Preferences(String customerId, Map<String, String> categoryUserPairs, String fallback) {
    }

    public static Preferences find(Handle h, String customerId) {
        Map<String, String> pairs = new LinkedHashMap<>();
        h.createQuery("SELECT category_id, user_id FROM preferred_users WHERE customer_id = :c ORDER BY category_id")
                .bind("c", customerId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> pairs.put(e.getKey(), e.getValue()));
        String fallback = h.createQuery("SELECT fallback_user_id FROM conversation_preferences WHERE customer_id = :c")
                .bind("c", customerId).mapTo(String.class).findOne().orElse(null);
        return new Preferences(customerId, pairs, fallback);
    }

    /** The user a new conversation of this customer and category goes to, if any is configured. */
    public static Optional<String> preferredUser(Handle h, String customerId, String categoryId) {
        Preferences p = find(h, customerId);
        String user = categoryId == null ? null : p.categoryUserPairs().get(categoryId);
        return Optional.ofNullable(user != null ? user : p.fallback());
    }

    public static void setFallback(Handle h, String customerId, String userId) {
        h.createUpdate("""
                        INSERT INTO conversation_preferences (customer_id, fallback_user_id) VALUES (:c, :u)
                        ON CONFLICT (customer_id) DO UPDATE SET fallback_user_id = excluded.fallback_user_id""")
                .bind("c", customerId).bind("u", userId).execute();
    }

    public static void setPreferredUser(Handle h, String customerId, String categoryId, String userId) {
        if (userId == null) {
            h.createUpdate("DELETE FROM preferred_users WHERE customer_id = :c AND category_id = :cat")
                    .bind("c", customerId).bind("cat", categoryId).execute();
            return;
        }
        h.createUpdate("""
                        INSERT INTO preferred_users (customer_id, category_id, user_id) VALUES (:c, :cat, :u)
                        ON CONFLICT (customer_id, category_id) DO UPDATE SET user_id = excluded.user_id""")
                .bind("c", customerId).bind("cat", categoryId).bind("u", userId).execute();
    }
}
