package dev.parley.api;

import io.javalin.http.Context;

import java.util.concurrent.TimeUnit;

/**
 * Token-bucket rate limits: per API token for authenticated requests, per client address
 * otherwise. Every answered request carries {@code X-Ratelimit-Limit}, {@code -Remaining} (whole
 * requests left) and {@code -Reset}: seconds until the bucket is full again (Remaining back at
 * Limit) without further requests, as {@code /openapi.json}'s description documents it (the
 * contract names the headers but not their meaning). The refill is continuous, so an empty
 * bucket's 429 says in {@code Retry-After} the seconds until the next token, the next request
 * that will be let through: with 30 a minute that is 2, while Reset says 60.
 *
 * <p>Two implementations, picked by engine in {@code Parley.start}: {@link MemoryRateLimiter}
 * (Bucket4j, one process: SQLite) and {@link PostgresRateLimiter} (one bucket per key in the
 * shared database, so that every node spends the same budget).
 */
public abstract class RateLimiter {
    protected final long capacity;
    private final java.util.concurrent.atomic.LongAdder refusals = new java.util.concurrent.atomic.LongAdder();

    protected RateLimiter(long capacity) {
        this.capacity = capacity;
    }

    /** The outcome of taking one token: whether it was taken and the bucket's state after. */
    protected record Probe(boolean consumed, long remaining, long nanosToReset, long nanosToRefill) {
    }

    /** Takes one token from {@code key}'s bucket. */
    protected abstract Probe take(String key);

    /**
     * {@code key}'s bucket as far as this node knows it to be empty, without taking a token (a
     * probe that did not consume); null when it may hold a token.
     */
    protected abstract Probe peekEmpty(String key);

    /** Takes one request from {@code key}'s bucket, sets the headers, throws 429 when empty. */
    public final void consume(Context ctx, String key) {
        answer(ctx, take(key));
    }

    /** Throws 429 (with the headers) when {@code key}'s bucket is known to be empty; takes nothing. */
    public final void refuseIfEmpty(Context ctx, String key) {
        Probe empty = peekEmpty(key);
        if (empty != null) {
            answer(ctx, empty);
        }
    }

    private void answer(Context ctx, Probe probe) {
        put(ctx::header, probe);
        if (!probe.consumed()) {
            refusals.increment();
            ctx.header("Retry-After", String.valueOf(Math.max(1, seconds(probe.nanosToRefill()))));
            throw new ApiError(429, "RateLimitError", "too many requests");
        }
    }

    /** The headers of a probe that took its token, on a response Jetty writes without Javalin ({@link DirectReads}). */
    final void headers(org.eclipse.jetty.http.HttpFields.Mutable fields, Probe probe) {
        put(fields::put, probe);
    }

    /** The three headers every answered request carries, for either kind of response. */
    private void put(java.util.function.BiConsumer<String, String> header, Probe probe) {
        header.accept("X-Ratelimit-Limit", String.valueOf(capacity));
        header.accept("X-Ratelimit-Remaining", String.valueOf(probe.remaining()));
        header.accept("X-Ratelimit-Reset", String.valueOf(seconds(probe.nanosToReset())));
    }

    /** Requests refused (429) since start, for metrics. */
    public long refusals() {
        return refusals.sum();
    }

    private static long seconds(long nanos) {
        return (long) Math.ceil(nanos / (double) TimeUnit.SECONDS.toNanos(1));
    }
}
