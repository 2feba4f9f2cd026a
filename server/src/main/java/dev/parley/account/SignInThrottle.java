package dev.parley.account;

import dev.parley.api.AuthFailureLimit;
import dev.parley.storage.Database;

import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Throttles sign-in per account and per client address ({@link SignInLimits}). Failures are
 * rows in sign_in_failures on both engines, counted over a sliding window: every node sees every
 * node's failures, nothing is kept in memory, and a failure is one insert (successful sign-ins
 * cost a count). Chosen over the API's token buckets ({@code api/RateLimiter}) because their
 * PostgreSQL rows are purged after the API's rate-limit window (a minute by default), far
 * shorter than a sign-in window should be.
 *
 * <p>The check comes first and counts whatever the password: past the limit even the right
 * password is refused, so guessing on is useless. The account key is the e-mail asked for, so
 * an unknown e-mail is throttled exactly like a known one (the answer tells nothing). IPv6
 * addresses count per /64 as in {@link AuthFailureLimit}.
 */
final class SignInThrottle {
    private final Database database;
    private final SignInLimits limits;
    private final LongSupplier clock;

    SignInThrottle(Database database, SignInLimits limits, LongSupplier clock) {
        this.database = database;
        this.limits = limits;
        this.clock = clock;
    }

    /** Refused: too many failures; retry after this many seconds. */
    static final class Throttled extends RuntimeException {
        final long retryAfterSeconds;

        Throttled(long retryAfterSeconds) {
            super("Too many failed sign-ins; try again later", null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    static String accountKey(String email) {
        return "account:" + email.strip().toLowerCase(Locale.ROOT);
    }

    static String addressKey(String address) {
        return "address:" + AuthFailureLimit.block(address);
    }

    /** Throws {@link Throttled} when either key has used up its failures in the window. */
    void refuseIfExhausted(String accountKey, String addressKey) {
        long now = clock.getAsLong();
        long since = now - limits.window().toMillis();
        long retry = Math.max(exhaustedUntil(accountKey, limits.perAccount(), since),
                exhaustedUntil(addressKey, limits.perAddress(), since));
        if (retry > now) {
            throw new Throttled(Math.max(1, (retry - now + 999) / 1000));
        }
    }

    /** When the key's oldest counted failure leaves the window, if the key is at its limit; 0 otherwise. */
    private long exhaustedUntil(String key, int limit, long since) {
        List<Long> times = database.read(h -> h.createQuery("""
                        SELECT failed_at FROM sign_in_failures WHERE throttle_key = :k AND failed_at > :since
                        ORDER BY failed_at DESC LIMIT :limit""")
                .bind("k", key).bind("since", since).bind("limit", limit).mapTo(Long.class).list());
        return times.size() < limit ? 0 : times.get(times.size() - 1) + limits.window().toMillis();
    }

    void failed(String accountKey, String addressKey) {
        long now = clock.getAsLong();
        database.write(h -> {
            for (String key : List.of(accountKey, addressKey)) {
                h.createUpdate("INSERT INTO sign_in_failures (throttle_key, failed_at) VALUES (:k, :t)")
                        .bind("k", key).bind("t", now).execute();
            }
            return null;
        });
    }

    /** The right password: the account's failures are forgiven (the address's stay). */
    void succeeded(String accountKey) {
        database.write(h -> h.createUpdate("DELETE FROM sign_in_failures WHERE throttle_key = :k")
                .bind("k", accountKey).execute());
    }

    int purge() {
        long before = clock.getAsLong() - limits.window().toMillis();
        return database.write(h -> h.createUpdate("DELETE FROM sign_in_failures WHERE failed_at <= :t")
                .bind("t", before).execute());
    }
}
