package dev.parley.account;

import dev.parley.storage.Clock;
import dev.parley.storage.Database;

import java.time.Duration;
import java.util.Optional;

/**
 * The account use cases shared by the HTTP routes, the pages built on them and
 * {@code parley admin user …}: choosing a password, invitations, the sign-in e-mail. Argon2 runs
 * before a transaction opens (it takes a good part of a second; on SQLite the one writer must not wait for it).
 */
public final class AccountService {
    public static final Duration DEFAULT_INVITATION_VALIDITY = Duration.ofDays(7);

    private AccountService() {
    }

    /** Refused input (a weak password, a taken e-mail, an unknown user): the message says which. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Sets the user's password and ends the user's other sessions (all of them when
     * {@code keepSessionId} is null): whoever knew the old password is signed out everywhere.
     */
    public static void setPassword(Database database, String userId, String password, String keepSessionId) {
        String weakness = Passwords.weakness(password);
        if (weakness != null) {
            throw new Refused(weakness);
        }
        String hash = Passwords.hash(password);
        database.write(h -> {
            if (!AccountRepository.userExists(h, userId)) {
                throw new Refused("No user " + userId);
            }
            AccountRepository.setPasswordHash(h, userId, hash, Clock.nowMillis());
            SessionRepository.deleteOfUser(h, userId, keepSessionId);
            return null;
        });
    }

    /** Changes the signed-in user's password after checking the current one (the account page). */
    public static void changePassword(Database database, Session session, String currentPassword, String newPassword) {
        String stored = database.read(h -> AccountRepository.passwordHash(h, session.userId())).orElse(null);
        boolean ok = stored == null ? Passwords.verifyNothing(currentPassword) : Passwords.verify(currentPassword, stored);
        if (!ok) {
            throw new Refused("The current password is wrong");
        }
        setPassword(database, session.userId(), newPassword, session.id());
    }

    /** A one-time invitation token for the user, valid for {@code validity}; earlier unused ones stop working. */
    public static String invite(Database database, String userId, Duration validity) {
        String token = Secrets.random();
        long now = Clock.nowMillis();
        database.write(h -> {
            if (!AccountRepository.userExists(h, userId)) {
                throw new Refused("No user " + userId);
            }
            AccountRepository.createInvitation(h, userId, token, now, now + validity.toMillis());
            return null;
        });
        return token;
    }

    /** Whether the invitation can still be accepted (for the invitation page). */
    public static boolean invitationValid(Database database, String token) {
        return Secrets.plausible(token)
                && database.read(h -> AccountRepository.invitedUser(h, token, Clock.nowMillis())).isPresent();
    }

    /**
     * Accepts an invitation: sets the password (ending the user's sessions) and uses the token up.
     * Empty when the token is unknown, used, expired or its user deactivated; {@link Refused}
     * for a password that may not be chosen (the invitation stays usable).
     */
    public static Optional<String> acceptInvitation(Database database, String token, String password) {
        if (!invitationValid(database, token)) {
            return Optional.empty();
        }
        String weakness = Passwords.weakness(password);
        if (weakness != null) {
            throw new Refused(weakness);
        }
        String hash = Passwords.hash(password);
        return database.write(h -> {
            long now = Clock.nowMillis();
            Optional<String> user = AccountRepository.invitedUser(h, token, now);
            if (user.isEmpty() || !AccountRepository.useInvitation(h, token, now)) {
                return Optional.<String>empty(); // used by a request in between
            }
            AccountRepository.setPasswordHash(h, user.get(), hash, now);
            SessionRepository.deleteOfUser(h, user.get(), null);
            return user;
        });
    }

    /** Sets the user's sign-in e-mail (case-insensitively unique). */
    public static void setEmail(Database database, String userId, String email) {
        String mail = email == null ? null : email.strip();
        if (mail != null && (mail.isEmpty() || mail.length() > 254 || mail.indexOf('@') < 1 || mail.chars().anyMatch(c -> c <= ' '))) {
            throw new Refused("Not an e-mail address: " + email);
        }
        database.write(h -> {
            if (!AccountRepository.userExists(h, userId)) {
                throw new Refused("No user " + userId);
            }
            Optional<String> holder = mail == null ? Optional.empty() : AccountRepository.userIdByEmail(h, mail);
            if (holder.isPresent() && !holder.get().equals(userId)) {
                throw new Refused("The e-mail address " + mail + " belongs to another user");
            }
            AccountRepository.setEmail(h, userId, mail);
            return null;
        });
    }
}
