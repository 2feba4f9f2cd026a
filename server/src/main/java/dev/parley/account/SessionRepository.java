package dev.parley.account;

import org.jdbi.v3.core.Handle;

import java.util.Optional;

/** SQL for desk_sessions. Session ids are SHA-256 hashes of the cookie value. */
final class SessionRepository {
    private SessionRepository() {
    }

    /** A stored session that still counts, with its user's e-mail. */
    record Row(String id, String userId, String email, String csrfToken, long createdAt, long lastSeenAt, long expiresAt) {
    }

    static void insert(Handle h, String id, String userId, String csrfToken, long now, long expiresAt) {
        h.createUpdate("""
                        INSERT INTO desk_sessions (id, user_id, csrf_token, created_at, last_seen_at, expires_at)
                        VALUES (:id, :u, :csrf, :now, :now, :expires)""")
                .bind("id", id).bind("u", userId).bind("csrf", csrfToken).bind("now", now).bind("expires", expiresAt)
                .execute();
    }

    /**
     * The session if it is within its absolute and idle limits and its user is active: a
     * deactivated user's sessions stop counting at once, on every node.
     */
    static Optional<Row> findValid(Handle h, String id, long now, long idleMillis) {
        return h.createQuery("""
                        SELECT s.id, s.user_id, u.email, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at
                        FROM desk_sessions s JOIN users u ON u.user_id = s.user_id
                        WHERE s.id = :id AND u.active = 1 AND s.expires_at > :now AND s.last_seen_at > :idleSince""")
                .bind("id", id).bind("now", now).bind("idleSince", now - idleMillis)
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7)))
                .findOne();
    }

    static void touch(Handle h, String id, long now) {
        h.createUpdate("UPDATE desk_sessions SET last_seen_at = :now WHERE id = :id AND last_seen_at < :now")
                .bind("now", now).bind("id", id).execute();
    }

    static int delete(Handle h, String id) {
        return h.createUpdate("DELETE FROM desk_sessions WHERE id = :id").bind("id", id).execute();
    }

    /** Ends the user's sessions but {@code keepId} (null: all of them). */
    static int deleteOfUser(Handle h, String userId, String keepId) {
        return h.createUpdate("DELETE FROM desk_sessions WHERE user_id = :u AND id <> :keep")
                .bind("u", userId).bind("keep", keepId == null ? "" : keepId).execute();
    }

    /** Drops sessions past their absolute or idle limit. */
    static int purge(Handle h, long now, long idleMillis) {
        return h.createUpdate("DELETE FROM desk_sessions WHERE expires_at <= :now OR last_seen_at <= :idleSince")
                .bind("now", now).bind("idleSince", now - idleMillis).execute();
    }
}
