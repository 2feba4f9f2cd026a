package dev.parley.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;

import java.time.Duration;

/** Rate limits kept in this process (Bucket4j buckets): right for a single node (SQLite). */
public final class MemoryRateLimiter extends RateLimiter {
    private final Duration window;
    private final Cache<String, Bucket> buckets;

    public MemoryRateLimiter(long capacity, Duration window) {
        super(capacity);
        this.window = window;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(window.multipliedBy(2))
                .maximumSize(100_000)
                // upkeep on the thread that used the cache: handing it to the common pool woke a thread
                // for some requests, costlier than the upkeep itself (get-conversation's profile)
                .executor(Runnable::run)
                .build();
    }

    @Override
    protected Probe take(String key) {
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return new Probe(probe.isConsumed(), probe.getRemainingTokens(), probe.getNanosToWaitForReset(),
                probe.getNanosToWaitForRefill());
    }

    @Override
    protected Probe peekEmpty(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket == null) {
            return null;
        }
        EstimationProbe estimate = bucket.estimateAbilityToConsume(1);
        if (estimate.canBeConsumed()) {
            return null;
        }
        // empty: full again after a whole window less what has refilled of the next token
        long nanosToRefill = estimate.getNanosToWaitForRefill();
        long nanosPerToken = window.toNanos() / capacity;
        return new Probe(false, 0, window.toNanos() - nanosPerToken + nanosToRefill, nanosToRefill);
    }
}
