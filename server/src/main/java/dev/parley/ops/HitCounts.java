package dev.parley.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.LongAdder;

/**
 * A cache's hits and misses, counted where the cache decides (a stale entry is a miss), and
 * read by the metrics as {@code parley_cache_requests_total{cache,result}} and
 * {@code parley_cache_hit_ratio{cache}}. Counting is two {@link LongAdder}s: cheap on the hot path.
 */
public final class HitCounts {
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public void hit() {
        hits.increment();
    }

    public void miss() {
        misses.increment();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** The share of lookups that were hits since start; 0 before any lookup. */
    public double ratio() {
        long h = hits.sum();
        long total = h + misses.sum();
        return total == 0 ? 0 : (double) h / total;
    }

    /** Registers this cache's counters and ratio under {@code cache}. */
    public void bind(MeterRegistry registry, String cache) {
        FunctionCounter.builder("parley.cache.requests", this, HitCounts::hits)
                .description("Cache lookups").tags("cache", cache, "result", "hit").register(registry);
        FunctionCounter.builder("parley.cache.requests", this, HitCounts::misses)
                .description("Cache lookups").tags("cache", cache, "result", "miss").register(registry);
        Gauge.builder("parley.cache.hit.ratio", this, HitCounts::ratio)
                .description("Share of cache lookups that were hits since start").tags("cache", cache)
                .register(registry);
    }
}
