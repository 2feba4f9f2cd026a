package dev.parley.conversation;

import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * The users a new conversation of this customer and category goes to, in order: the preferred
     * user of the category, then the fallback (those configured). The first {@link #eligible} one wins.
     */
    public static List<String> candidates(Handle h, String customerId, String categoryId) {
        Preferences p = find(h, customerId);
        List<String> out = new ArrayList<>(2);
        if (categoryId != null && p.categoryUserPairs().get(categoryId) != null) {
            out.add(p.categoryUserPairs().get(categoryId));
        }
        if (p.fallback() != null) {
            out.add(p.fallback());
        }
        return out;
    }

    /**
     * Whether a customer's conversations may go to the user: an active member of the customer, or
     * an active employee (employees see every conversation). Members of the customer's projects
     * who are not members of the customer are not: they do not see what is shared with the customer.
     */
    public static boolean eligible(Handle h, String customerId, String userId) {
        return h.createQuery("""
                        SELECT 1 FROM users u WHERE u.user_id = :u AND u.active = 1 AND (u.is_employee = 1
                          OR EXISTS (SELECT 1 FROM customer_members m WHERE m.customer_id = :c AND m.user_id = u.user_id))""")
                .bind("u", userId).bind("c", customerId).mapTo(Integer.class).findOne().isPresent();
    }

    /**
     * Removes preferences naming a user who is neither a member of the customer nor an employee
     * (of one customer, or of all with null): after a member leaves, and after an import. A
     * deactivated member's preferences stay; they are skipped while the user is inactive.
     */
    public static int dropIneligible(Handle h, String customerId) {
        String scope = customerId == null ? "" : " AND customer_id = :c";
        String pairs = "DELETE FROM preferred_users WHERE NOT EXISTS (SELECT 1 FROM customer_members m"
                + " WHERE m.customer_id = preferred_users.customer_id AND m.user_id = preferred_users.user_id)"
                + " AND NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = preferred_users.user_id AND u.is_employee = 1)"
                + scope;
        String fallbacks = "UPDATE conversation_preferences SET fallback_user_id = NULL WHERE fallback_user_id IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM customer_members m WHERE m.customer_id = conversation_preferences.customer_id"
                + " AND m.user_id = conversation_preferences.fallback_user_id)"
                + " AND NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = conversation_preferences.fallback_user_id"
                + " AND u.is_employee = 1)" + scope;
        var deletePairs = h.createUpdate(pairs);
        var clearFallbacks = h.createUpdate(fallbacks);
        if (customerId != null) {
            deletePairs.bind("c", customerId);
            clearFallbacks.bind("c", customerId);
        }
        return deletePairs.execute() + clearFallbacks.execute();
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
