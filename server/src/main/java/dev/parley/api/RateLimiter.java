package dev.parley.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Token-bucket rate limits (Bucket4j): per API token for authenticated requests, per client
 * address otherwise. Every answered request carries {@code X-Ratelimit-Limit}, {@code -Remaining}
 * and {@code -Reset} (seconds until the bucket is full again); an empty bucket answers 429 with
 * {@code Retry-After}.
 */
public final class RateLimiter {
    private final long capacity;
    private final Duration window;
    private final Cache<String, Bucket> buckets;

    public RateLimiter(long capacity, Duration window) {
        this.capacity = capacity;
        this.window = window;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(window.multipliedBy(2))
                .maximumSize(100_000)
                .build();
    }

    /** Takes one request from {@code key}'s bucket, sets the headers, throws 429 when empty. */
    public void consume(Context ctx, String key) {
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long resetSeconds = (long) Math.ceil(probe.getNanosToWaitForReset() / (double) TimeUnit.SECONDS.toNanos(1));
        ctx.header("X-Ratelimit-Limit", String.valueOf(capacity));
        ctx.header("X-Ratelimit-Remaining", String.valueOf(probe.getRemainingTokens()));
        ctx.header("X-Ratelimit-Reset", String.valueOf(resetSeconds));
        if (!probe.isConsumed()) {
            long retry = Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / (double) TimeUnit.SECONDS.toNanos(1)));
            ctx.header("Retry-After", String.valueOf(retry));
            throw new ApiError(429, "RateLimitError", "too many requests");
        }
    }
}
