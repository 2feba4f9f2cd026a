package dev.parley.account;

import dev.parley.identity.Caller;
import dev.parley.identity.IdentityRepository;
import dev.parley.identity.Tokens;
import dev.parley.storage.Database;
import io.javalin.http.Context;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Web desk sessions: signing in and out, and the session (with its {@link Caller}) of a
 * request. A session is a row in desk_sessions, found by the SHA-256 of the cookie
 * {@value #COOKIE}; every node reads the same rows, so any node serves any session and a
 * sign-out (the row deleted) ends it everywhere at once. A session counts until it has been
 * idle for {@code --session-idle} or is {@code --session-max} old, and only while its user is
 * active (the lookup joins users.active, so deactivation ends it at the next request).
 * last_seen_at is written at most once a minute per session.
 */
public final class DeskSessions {
    public static final String COOKIE = "parley_session";
    private static final String ATTRIBUTE = "parley.deskSession";
    /** last_seen_at is written at most this often: the idle limit is hours, a write per request would be waste. */
    static final long TOUCH_EVERY_MILLIS = 60_000;

    private final Database database;
    private final SessionSettings settings;
    private final SignInThrottle throttle;
    private final LongSupplier clock;

    DeskSessions(Database database, SessionSettings settings, SignInLimits limits, LongSupplier clock) {
        this.database = database;
        this.settings = settings;
        this.throttle = new SignInThrottle(database, limits, clock);
        this.clock = clock;
    }

    /** Sign-in refused: the e-mail or password is wrong (one answer for both), or too many failures. */
    public static final class SignInRefused extends RuntimeException {
        private final long retryAfterSeconds;

        SignInRefused(String message, long retryAfterSeconds) {
            super(message, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        /** Whether this is the throttle (429) rather than wrong credentials (401). */
        public boolean throttled() {
            return retryAfterSeconds > 0;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A page needs a signed-in user: pages redirect to /sign-in?next=…, JSON callers get 401. */
    public static final class SignInRequired extends RuntimeException {
        SignInRequired() {
            super("Sign in first", null, false, false);
        }
    }

    /** The request's valid session, if its cookie names one (looked up once per request). */
    public Optional<Session> current(Context ctx) {
        @SuppressWarnings("unchecked")
        Optional<Session> known = (Optional<Session>) ctx.attribute(ATTRIBUTE);
        if (known != null) {
            return known;
        }
        Optional<Session> session = find(ctx.cookie(COOKIE));
        ctx.attribute(ATTRIBUTE, session);
        return session;
    }

    /** The request's session, or {@link SignInRequired}. */
    public Session require(Context ctx) {
        return current(ctx).orElseThrow(SignInRequired::new);
    }

    /** The valid session a cookie value names. */
    public Optional<Session> find(String cookieValue) {
        if (!Secrets.plausible(cookieValue)) {
            return Optional.empty();
        }
        String id = Tokens.hash(cookieValue);
        long now = clock.getAsLong();
        long idle = settings.idle().toMillis();
        Optional<Session> session = database.read(h -> SessionRepository.findValid(h, id, now, idle)
                .flatMap(row -> IdentityRepository.findUser(h, row.userId())
                        .map(user -> new Session(row.id(), IdentityRepository.callerFor(h, user, "session:" + row.id()),
                                row.email(), row.csrfToken(), row.createdAt(), row.lastSeenAt(), row.expiresAt()))));
        session.filter(s -> now - s.lastSeenAt() >= TOUCH_EVERY_MILLIS)
                .ifPresent(s -> database.write(h -> {
                    SessionRepository.touch(h, s.id(), now);
                    return null;
                }));
        return session;
    }

    /**
     * Signs in with e-mail and password from client {@code address}: a new session (never the
     * one the browser had, which ends), its cookie set. Unknown e-mail, a user without password
     * or deactivated, and a wrong password get the same {@link SignInRefused} after the same
     * work (one Argon2 verification).
     */
    public Session signIn(Context ctx, String email, String password, String address) {
        String mail = email == null ? "" : email.strip();
        String accountKey = SignInThrottle.accountKey(mail);
        String addressKey = SignInThrottle.addressKey(address);
        try {
            throttle.refuseIfExhausted(accountKey, addressKey);
        } catch (SignInThrottle.Throttled e) {
            throw new SignInRefused(e.getMessage(), e.retryAfterSeconds);
        }
        Optional<AccountRepository.Credentials> account = mail.isEmpty() || mail.length() > 254
                ? Optional.empty()
                : database.read(h -> AccountRepository.findByEmail(h, mail));
        boolean ok = account.isPresent() && account.get().passwordHash() != null
                ? Passwords.verify(password, account.get().passwordHash())
                : Passwords.verifyNothing(password);
        if (!ok) {
            throttle.failed(accountKey, addressKey);
            throw new SignInRefused("The e-mail address or the password is wrong", 0);
        }
        throttle.succeeded(accountKey);
        endCurrent(ctx);
        return start(ctx, account.get().userId());
    }

    /** Starts a session for {@code userId} and sets its cookie (after sign-in or an accepted invitation). */
    Session start(Context ctx, String userId) {
        String cookieValue = Secrets.random();
        String id = Tokens.hash(cookieValue);
        long now = clock.getAsLong();
        long expiresAt = now + settings.max().toMillis();
        database.write(h -> {
            SessionRepository.insert(h, id, userId, Secrets.random(), now, expiresAt);
            return null;
        });
        setCookie(ctx, cookieValue, settings.max().toSeconds());
        Session session = find(cookieValue).orElseThrow(() -> new IllegalStateException("session just created is gone"));
        ctx.attribute(ATTRIBUTE, Optional.of(session));
        return session;
    }

    /** Ends the request's session on every node (its row is deleted) and clears the cookie. */
    public void signOut(Context ctx) {
        endCurrent(ctx);
        setCookie(ctx, "", 0);
        ctx.attribute(ATTRIBUTE, Optional.<Session>empty());
    }

    private void endCurrent(Context ctx) {
        String value = ctx.cookie(COOKIE);
        if (Secrets.plausible(value)) {
            database.write(h -> SessionRepository.delete(h, Tokens.hash(value)));
        }
    }

    /** The cookie: HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), Secure behind HTTPS. */
    private void setCookie(Context ctx, String value, long maxAgeSeconds) {
        StringBuilder cookie = new StringBuilder(COOKIE).append('=').append(value)
                .append("; Path=/; Max-Age=").append(maxAgeSeconds).append("; HttpOnly; SameSite=Lax");
        if (settings.secureCookie()) {
            cookie.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", cookie.toString());
    }

    /** Drops sessions past their limits (they no longer count anyway) and old sign-in failures. */
    void purge() {
        long now = clock.getAsLong();
        database.write(h -> SessionRepository.purge(h, now, settings.idle().toMillis()));
        database.write(h -> AccountRepository.purgeInvitations(h, now - java.time.Duration.ofDays(1).toMillis()));
        throttle.purge();
    }

    SessionSettings settings() {
        return settings;
    }
}
