package dev.parley.conversation;

import dev.parley.storage.Engine;

/**
 * Which conversations a non-employee may see, as SQL over {@code conversations c} with the
 * caller's id bound as {@code :uid}: the creator, the main user, and whoever the conversation is
 * shared with (the user, the members of its customer or project, the members of the customer
 * owning its placement group). The same rule in Java is {@code identity/AccessPolicy}.
 *
 * <p>The two engines want it written differently (measured on a million conversations, see
 * docs/BENCHMARKS.md): PostgreSQL plans the plain OR as a scan of every conversation (0.8 s
 * however few the caller sees), but a union of one index range per way of seeing takes
 * milliseconds for a small customer; SQLite's OR optimisation already uses the indexes, and
 * there the union is three times slower for a large customer.
 */
final class VisibilitySql {
    private static final String OR_FORM = """
            (c.created_by = :uid OR c.main_user_id = :uid
             OR (c.shared_aggregate = 'user' AND c.shared_id = :uid)
             OR (c.shared_aggregate = 'customer' AND c.shared_id IN
                 (SELECT customer_id FROM customer_members WHERE user_id = :uid))
             OR (c.shared_aggregate = 'project' AND c.shared_id IN
                 (SELECT project_id FROM project_members WHERE user_id = :uid))
             OR (c.shared_aggregate = 'placementgroup' AND c.shared_id IN
                 (SELECT g.placement_group_id FROM placement_groups g
                  JOIN customer_members m ON m.customer_id = g.customer_id WHERE m.user_id = :uid)))""";

    private static final String UNION_FORM = """
            c.conversation_id IN (
                SELECT conversation_id FROM conversations WHERE created_by = :uid
                UNION SELECT conversation_id FROM conversations WHERE main_user_id = :uid
                UNION SELECT conversation_id FROM conversations WHERE shared_aggregate = 'user' AND shared_id = :uid
                UNION SELECT v.conversation_id FROM customer_members m JOIN conversations v
                    ON v.shared_aggregate = 'customer' AND v.shared_id = m.customer_id WHERE m.user_id = :uid
                UNION SELECT v.conversation_id FROM project_members m JOIN conversations v
                    ON v.shared_aggregate = 'project' AND v.shared_id = m.project_id WHERE m.user_id = :uid
                UNION SELECT v.conversation_id FROM customer_members m
                    JOIN placement_groups g ON g.customer_id = m.customer_id
                    JOIN conversations v ON v.shared_aggregate = 'placementgroup' AND v.shared_id = g.placement_group_id
                    WHERE m.user_id = :uid)""";

    private VisibilitySql() {
    }

    static String visibleToUser(Engine engine) {
        return switch (engine) {
            case SQLITE -> OR_FORM;
            case POSTGRESQL -> UNION_FORM;
        };
    }
}
