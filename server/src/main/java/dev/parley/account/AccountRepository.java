package dev.parley.account;

import dev.parley.identity.Tokens;
import org.jdbi.v3.core.Handle;

import java.util.Optional;

/** SQL for sign-in names and passwords (user_passwords) and invitations (user_invitations). */
public final class AccountRepository {
    private AccountRepository() {
    }

    /** An active user found by e-mail, with its password hash (null: none chosen yet). */
    public record Credentials(String userId, String passwordHash) {
    }

    /**
     * The active user with this e-mail, compared case-insensitively by the engine's lower() (the
     * same function the unique index users_email_lower uses, so the two always agree).
     */
    public static Optional<Credentials> findByEmail(Handle h, String email) {
        return h.createQuery("""
                        SELECT u.user_id, p.password_hash FROM users u
                        LEFT JOIN user_passwords p ON p.user_id = u.user_id
                        WHERE lower(u.email) = lower(:email) AND u.email IS NOT NULL AND u.active = 1""")
                .bind("email", email)
                .map((rs, ctx) -> new Credentials(rs.getString(1), rs.getString(2)))
                .findOne();
    }

    public static Optional<String> passwordHash(Handle h, String userId) {
        return h.createQuery("SELECT password_hash FROM user_passwords WHERE user_id = :u")
                .bind("u", userId).mapTo(String.class).findOne();
    }

    public static boolean userExists(Handle h, String userId) {
        return h.createQuery("SELECT 1 FROM users WHERE user_id = :u").bind("u", userId)
                .mapTo(Integer.class).findOne().isPresent();
    }

    public static Optional<String> userIdByEmail(Handle h, String email) {
        return h.createQuery("SELECT user_id FROM users WHERE lower(email) = lower(:email) AND email IS NOT NULL")
                .bind("email", email).mapTo(String.class).findOne();
    }

    public static Optional<String> email(Handle h, String userId) {
        return h.createQuery("SELECT email FROM users WHERE user_id = :u").bind("u", userId)
                .mapTo(String.class).findOne();
    }

    public static void setPasswordHash(Handle h, String userId, String hash, long now) {
        h.createUpdate("""
                        INSERT INTO user_passwords (user_id, password_hash, updated_at) VALUES (:u, :hash, :now)
                        ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash,
                                                            updated_at = excluded.updated_at""")
                .bind("u", userId).bind("hash", hash).bind("now", now).execute();
    }

    /** Sets the e-mail (null removes it); false for an unknown user. A taken e-mail violates users_email_lower. */
    public static boolean setEmail(Handle h, String userId, String email) {
        return h.createUpdate("UPDATE users SET email = :email WHERE user_id = :u")
                .bind("email", email).bind("u", userId).execute() > 0;
    }

    /** Stores an invitation for the user (earlier unused ones end: only the newest link works). */
    public static void createInvitation(Handle h, String userId, String token, long now, long expiresAt) {
        h.createUpdate("DELETE FROM user_invitations WHERE user_id = :u AND used_at IS NULL").bind("u", userId).execute();
        h.createUpdate("""
                        INSERT INTO user_invitations (token_hash, user_id, created_at, expires_at)
                        VALUES (:hash, :u, :now, :expires)""")
                .bind("hash", Tokens.hash(token)).bind("u", userId).bind("now", now).bind("expires", expiresAt)
                .execute();
    }

    /** The active user an unused, unexpired invitation is for. */
    public static Optional<String> invitedUser(Handle h, String token, long now) {
        return h.createQuery("""
                        SELECT i.user_id FROM user_invitations i JOIN users u ON u.user_id = i.user_id
                        WHERE i.token_hash = :hash AND i.used_at IS NULL AND i.expires_at > :now AND u.active = 1""")
                .bind("hash", Tokens.hash(token)).bind("now", now).mapTo(String.class).findOne();
    }

    /** Marks the invitation used; false when another request used it first. */
    public static boolean useInvitation(Handle h, String token, long now) {
        return h.createUpdate("UPDATE user_invitations SET used_at = :now WHERE token_hash = :hash AND used_at IS NULL")
                .bind("now", now).bind("hash", Tokens.hash(token)).execute() == 1;
    }

    /** Drops invitations used or expired before {@code before}. */
    public static int purgeInvitations(Handle h, long before) {
        return h.createUpdate("DELETE FROM user_invitations WHERE expires_at < :t OR used_at < :t")
                .bind("t", before).execute();
    }
}
