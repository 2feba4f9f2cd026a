package dev.parley.identity;

import dev.parley.storage.Clock;
import dev.parley.storage.Ids;
import org.jdbi.v3.core.Handle;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** SQL for users, customers, projects, memberships and API tokens. */
public final class IdentityRepository {

    private IdentityRepository() {
    }

    public static Optional<User> findUser(Handle h, String userId) {
        return h.createQuery("SELECT user_id, clear_name, avatar_ref_id, active, is_employee FROM users WHERE user_id = :id")
                .bind("id", userId)
                .map((rs, ctx) -> new User(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getInt(4) == 1, rs.getInt(5) == 1))
                .findOne();
    }

    public static Map<String, User> findUsers(Handle h, Set<String> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Map<String, User> users = new java.util.HashMap<>();
        h.createQuery("SELECT user_id, clear_name, avatar_ref_id, active, is_employee FROM users WHERE user_id IN (<ids>)")
                .bindList("ids", List.copyOf(userIds))
                .map((rs, ctx) -> new User(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getInt(4) == 1, rs.getInt(5) == 1))
                .forEach(u -> users.put(u.userId(), u));
        return users;
    }

    /** An unrevoked token of an active user, with its expiry (null: none). */
    public record ActiveToken(String userId, Long expiresAt) {
    }

    /** The token if it is unrevoked and its user active; expiry is left to the caller to check. */
    public static Optional<ActiveToken> findActiveToken(Handle h, String tokenHash) {
        return h.createQuery("SELECT t.user_id, t.expires_at FROM api_tokens t JOIN users u ON u.user_id = t.user_id"
                        + " WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND u.active = 1")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> new ActiveToken(rs.getString(1), rs.getObject(2) == null ? null : rs.getLong(2)))
                .findOne();
    }

    /** The active, unexpired, unrevoked token's user with memberships, or empty. */
    public static Optional<Caller> findCallerByTokenHash(Handle h, String tokenHash, long now) {
        Optional<String> userId = h.createQuery("""
                        SELECT t.user_id FROM api_tokens t JOIN users u ON u.user_id = t.user_id
                        WHERE t.token_hash = :hash AND t.revoked_at IS NULL
                          AND (t.expires_at IS NULL OR t.expires_at > :now) AND u.active = 1""")
                .bind("hash", tokenHash)
                .bind("now", now)
                .mapTo(String.class)
                .findOne();
        return userId.flatMap(id -> findUser(h, id)).map(user -> callerFor(h, user, tokenHash));
    }

    public static Caller callerFor(Handle h, User user, String rateLimitKey) {
        Set<String> customers = new HashSet<>(h.createQuery("SELECT customer_id FROM customer_members WHERE user_id = :u")
                .bind("u", user.userId()).mapTo(String.class).list());
        Set<String> projects = new HashSet<>(h.createQuery("SELECT project_id FROM project_members WHERE user_id = :u")
                .bind("u", user.userId()).mapTo(String.class).list());
        Set<String> groups = new HashSet<>(h.createQuery("""
                        SELECT g.placement_group_id FROM placement_groups g
                        JOIN customer_members m ON m.customer_id = g.customer_id WHERE m.user_id = :u""")
                .bind("u", user.userId()).mapTo(String.class).list());
        return new Caller(user, Set.copyOf(customers), Set.copyOf(projects), Set.copyOf(groups), rateLimitKey);
    }

    public static boolean isEmpty(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one() == 0;
    }

    public static String createUser(Handle h, String clearName, String email, boolean employee) {
        String id = Ids.newId();
        h.createUpdate("""
                        INSERT INTO users (user_id, clear_name, email, active, is_employee, created_at)
                        VALUES (:id, :name, :email, 1, :employee, :now)""")
                .bind("id", id).bind("name", clearName).bind("email", email)
                .bind("employee", employee ? 1 : 0).bind("now", Clock.nowMillis())
                .execute();
        return id;
    }

    public static int setUserActive(Handle h, String userId, boolean active) {
        return h.createUpdate("UPDATE users SET active = :a WHERE user_id = :id")
                .bind("a", active ? 1 : 0).bind("id", userId).execute();
    }

    public static String createCustomer(Handle h, String name) {
        String id = Ids.newId();
        h.createUpdate("INSERT INTO customers (customer_id, name, created_at) VALUES (:id, :name, :now)")
                .bind("id", id).bind("name", name).bind("now", Clock.nowMillis()).execute();
        return id;
    }

    public static boolean customerExists(Handle h, String customerId) {
        return h.createQuery("SELECT 1 FROM customers WHERE customer_id = :id").bind("id", customerId)
                .mapTo(Integer.class).findOne().isPresent();
    }

    public static void addCustomerMember(Handle h, String customerId, String userId, String role) {
        h.createUpdate("""
                        INSERT INTO customer_members (customer_id, user_id, role) VALUES (:c, :u, :r)
                        ON CONFLICT (customer_id, user_id) DO UPDATE SET role = excluded.role""")
                .bind("c", customerId).bind("u", userId).bind("r", role).execute();
    }

    public static String createProject(Handle h, String customerId, String name) {
        String id = Ids.newId();
        h.createUpdate("INSERT INTO projects (project_id, customer_id, name, created_at) VALUES (:id, :c, :name, :now)")
                .bind("id", id).bind("c", customerId).bind("name", name).bind("now", Clock.nowMillis()).execute();
        return id;
    }

    public static Optional<String> projectCustomer(Handle h, String projectId) {
        return h.createQuery("SELECT customer_id FROM projects WHERE project_id = :id").bind("id", projectId)
                .mapTo(String.class).findOne();
    }

    public static void addProjectMember(Handle h, String projectId, String userId, String role) {
        h.createUpdate("""
                        INSERT INTO project_members (project_id, user_id, role) VALUES (:p, :u, :r)
                        ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role""")
                .bind("p", projectId).bind("u", userId).bind("r", role).execute();
    }

    public static String createPlacementGroup(Handle h, String customerId, String name) {
        String id = Ids.newId();
        h.createUpdate("""
                        INSERT INTO placement_groups (placement_group_id, customer_id, name, created_at)
                        VALUES (:id, :c, :name, :now)""")
                .bind("id", id).bind("c", customerId).bind("name", name).bind("now", Clock.nowMillis()).execute();
        return id;
    }

    public static Optional<String> placementGroupCustomer(Handle h, String groupId) {
        return h.createQuery("SELECT customer_id FROM placement_groups WHERE placement_group_id = :id")
                .bind("id", groupId).mapTo(String.class).findOne();
    }

    /** Creates an API token for the user and returns the secret (only its hash is stored). */
    public static String createToken(Handle h, String userId, String description, Long expiresAt) {
        String token = Tokens.newToken();
        h.createUpdate("""
                        INSERT INTO api_tokens (token_hash, token_id, user_id, description, created_at, expires_at)
                        VALUES (:hash, :id, :user, :description, :now, :expires)""")
                .bind("hash", Tokens.hash(token)).bind("id", Ids.newId()).bind("user", userId)
                .bind("description", description).bind("now", Clock.nowMillis()).bind("expires", expiresAt)
                .execute();
        return token;
    }

    public static int revokeToken(Handle h, String token) {
        return h.createUpdate("UPDATE api_tokens SET revoked_at = :now WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("now", Clock.nowMillis()).bind("hash", Tokens.hash(token)).execute();
    }

    /** Revokes the token with this id (not its secret); 0 when there is no such unrevoked token. */
    public static int revokeTokenById(Handle h, String tokenId) {
        return h.createUpdate("UPDATE api_tokens SET revoked_at = :now WHERE token_id = :id AND revoked_at IS NULL")
                .bind("now", Clock.nowMillis()).bind("id", tokenId).execute();
    }

    /*
     * Renames: plain UPDATEs, so that the identity_version triggers (V4, V6, V17) make every node
     * drop what it cached or rendered with the old name, as for any other identity change.
     */

    /** Sets a user's display name (clearName); false if there is no such user. */
    public static boolean renameUser(Handle h, String userId, String name) {
        return h.createUpdate("UPDATE users SET clear_name = :name WHERE user_id = :id")
                .bind("name", name).bind("id", userId).execute() > 0;
    }

    /** Sets a customer's name; false if there is no such customer. */
    public static boolean renameCustomer(Handle h, String customerId, String name) {
        return h.createUpdate("UPDATE customers SET name = :name WHERE customer_id = :id")
                .bind("name", name).bind("id", customerId).execute() > 0;
    }

    /** Sets a project's name; false if there is no such project. */
    public static boolean renameProject(Handle h, String projectId, String name) {
        return h.createUpdate("UPDATE projects SET name = :name WHERE project_id = :id")
                .bind("name", name).bind("id", projectId).execute() > 0;
    }

    /** Users who belong to the customer (any role). */
    public static List<String> customerMemberIds(Handle h, String customerId) {
        return h.createQuery("SELECT user_id FROM customer_members WHERE customer_id = :c ORDER BY user_id")
                .bind("c", customerId).mapTo(String.class).list();
    }

    /** Whether the user is a member of one of the customers or one of the projects given. */
    public static boolean sharesMembership(Handle h, String userId, Set<String> customerIds, Set<String> projectIds) {
        if (!customerIds.isEmpty() && h.createQuery("SELECT customer_id FROM customer_members WHERE user_id = :u")
                .bind("u", userId).mapTo(String.class).stream().anyMatch(customerIds::contains)) {
            return true;
        }
        return !projectIds.isEmpty() && h.createQuery("SELECT project_id FROM project_members WHERE user_id = :u")
                .bind("u", userId).mapTo(String.class).stream().anyMatch(projectIds::contains);
    }

    /** Removes the user from the customer; false if it was not a member. */
    public static boolean removeCustomerMember(Handle h, String customerId, String userId) {
        return h.createUpdate("DELETE FROM customer_members WHERE customer_id = :c AND user_id = :u")
                .bind("c", customerId).bind("u", userId).execute() > 0;
    }

    /** Removes the user from the project; false if it was not a member. */
    public static boolean removeProjectMember(Handle h, String projectId, String userId) {
        return h.createUpdate("DELETE FROM project_members WHERE project_id = :p AND user_id = :u")
                .bind("p", projectId).bind("u", userId).execute() > 0;
    }

    public static List<String> projectMemberIds(Handle h, String projectId) {
        return h.createQuery("SELECT user_id FROM project_members WHERE project_id = :p ORDER BY user_id")
                .bind("p", projectId).mapTo(String.class).list();
    }
}
