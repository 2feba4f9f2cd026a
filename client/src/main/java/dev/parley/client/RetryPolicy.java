package dev.parley.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a request is sent again: on 429 (any method: the server did not act on it) after the
 * {@code Retry-After} it names; on 503 and on connection failures only for idempotent methods
 * (GET, PUT, DELETE), after an exponential backoff with jitter. A body read from an
 * {@code InputStream} cannot be sent twice, so such uploads are never retried.
 *
 * @param maxAttempts   attempts in all, the first included (1: no retries)
 * @param initialBackoff the wait before the first retry without {@code Retry-After}; doubled each time
 * @param maxBackoff    the longest wait between attempts without {@code Retry-After}
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one is thrown to the caller
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    }

    /** Four attempts, backoff from 200 ms up to 5 s, Retry-After honoured up to a minute. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(1));
    }

    /** Every request is sent once. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** Whether another attempt may follow attempt number {@code attempt} (1-based). */
    public boolean allowsAnotherAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** The wait after failed attempt number {@code attempt}: exponential, capped, with up to 50 % jitter. */
    public Duration backoff(int attempt) {
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(Math.max(base, 0), maxBackoff.toMillis());
        long jitter = capped <= 1 ? 0 : ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(capped - jitter);
    }
}
