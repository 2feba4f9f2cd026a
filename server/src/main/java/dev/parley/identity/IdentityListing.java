package dev.parley.identity;

import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** What {@code parley admin … list} shows: users, customers, projects, memberships and API tokens as stored. */
public final class IdentityListing {
    private IdentityListing() {
    }

    public record UserRow(String userId, String name, String email, boolean employee, boolean active, long createdAt) {
    }

    public record CustomerRow(String customerId, String name, int members, int projects, long createdAt) {
    }

    public record ProjectRow(String projectId, String customerId, String name, int members, long createdAt) {
    }

    /** A member of a customer or a project: who, and in which role. */
    public record MemberRow(String userId, String name, String email, String role, boolean active) {
    }

    /** An API token (never its secret, which is not stored). {@code lastUsedAt}: null when never used since recording began. */
    public record TokenRow(String tokenId, String userId, String description, long createdAt, Long lastUsedAt,
                           Long expiresAt, Long revokedAt) {
        /** active, expired or revoked at {@code now}. */
        public String state(long now) {
            if (revokedAt != null) {
                return "revoked";
            }
            return expiresAt != null && expiresAt <= now ? "expired" : "active";
        }
    }

    private static final String USERS = "SELECT user_id, clear_name, email, is_employee, active, created_at FROM users";

    public static List<UserRow> users(Handle h) {
        return h.createQuery(USERS + " ORDER BY clear_name, user_id").map((rs, ctx) -> user(rs)).list();
    }

    public static Optional<UserRow> user(Handle h, String userId) {
        return h.createQuery(USERS + " WHERE user_id = :id").bind("id", userId).map((rs, ctx) -> user(rs)).findOne();
    }

    private static UserRow user(ResultSet rs) throws SQLException {
        return new UserRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1, rs.getInt(5) == 1, rs.getLong(6));
    }

    private static final String CUSTOMERS = """
            SELECT c.customer_id, c.name,
                   (SELECT COUNT(*) FROM customer_members m WHERE m.customer_id = c.customer_id),
                   (SELECT COUNT(*) FROM projects p WHERE p.customer_id = c.customer_id),
                   c.created_at
            FROM customers c""";

    public static List<CustomerRow> customers(Handle h) {
        return h.createQuery(CUSTOMERS + " ORDER BY c.name, c.customer_id").map((rs, ctx) -> customer(rs)).list();
    }

    public static Optional<CustomerRow> customer(Handle h, String customerId) {
        return h.createQuery(CUSTOMERS + " WHERE c.customer_id = :id").bind("id", customerId)
                .map((rs, ctx) -> customer(rs)).findOne();
    }

    private static CustomerRow customer(ResultSet rs) throws SQLException {
        return new CustomerRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getLong(5));
    }

    private static final String PROJECTS = """
            SELECT p.project_id, p.customer_id, p.name,
                   (SELECT COUNT(*) FROM project_members m WHERE m.project_id = p.project_id), p.created_at
            FROM projects p""";

    /** Every project, or a customer's ({@code customerId} not null). */
    public static List<ProjectRow> projects(Handle h, String customerId) {
        var query = h.createQuery(PROJECTS + (customerId == null ? "" : " WHERE p.customer_id = :c") + " ORDER BY p.name, p.project_id");
        if (customerId != null) {
            query.bind("c", customerId);
        }
        return query.map((rs, ctx) -> project(rs)).list();
    }

    public static Optional<ProjectRow> project(Handle h, String projectId) {
        return h.createQuery(PROJECTS + " WHERE p.project_id = :id").bind("id", projectId)
                .map((rs, ctx) -> project(rs)).findOne();
    }

    private static ProjectRow project(ResultSet rs) throws SQLException {
        return new ProjectRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5));
    }

    public static List<MemberRow> customerMembers(Handle h, String customerId) {
        return members(h, "customer_members", "customer_id", customerId);
    }

    public static List<MemberRow> projectMembers(Handle h, String projectId) {
        return members(h, "project_members", "project_id", projectId);
    }

    private static List<MemberRow> members(Handle h, String table, String key, String id) {
        return h.createQuery("SELECT u.user_id, u.clear_name, u.email, m.role, u.active FROM " + table
                        + " m JOIN users u ON u.user_id = m.user_id WHERE m." + key + " = :id ORDER BY u.clear_name, u.user_id")
                .bind("id", id)
                .map((rs, ctx) -> new MemberRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5) == 1))
                .list();
    }

    private static final String TOKENS = """
            SELECT t.token_id, t.user_id, t.description, t.created_at, u.last_used_at, t.expires_at, t.revoked_at
            FROM api_tokens t LEFT JOIN api_token_uses u ON u.token_id = t.token_id""";

    /** Every token, or a user's ({@code userId} not null), oldest first. */
    public static List<TokenRow> tokens(Handle h, String userId) {
        var query = h.createQuery(TOKENS + (userId == null ? "" : " WHERE t.user_id = :u") + " ORDER BY t.created_at, t.token_id");
        if (userId != null) {
            query.bind("u", userId);
        }
        return query.map((rs, ctx) -> token(rs)).list();
    }

    public static Optional<TokenRow> token(Handle h, String tokenId) {
        return h.createQuery(TOKENS + " WHERE t.token_id = :id").bind("id", tokenId).map((rs, ctx) -> token(rs)).findOne();
    }

    /** The token whose secret hashes to {@code tokenHash}. */
    public static Optional<TokenRow> tokenByHash(Handle h, String tokenHash) {
        return h.createQuery(TOKENS + " WHERE t.token_hash = :hash").bind("hash", tokenHash).map((rs, ctx) -> token(rs)).findOne();
    }

    private static TokenRow token(ResultSet rs) throws SQLException {
        return new TokenRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), longOrNull(rs, 5),
                longOrNull(rs, 6), longOrNull(rs, 7));
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
