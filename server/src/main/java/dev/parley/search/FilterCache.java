package dev.parley.search;

import org.apache.lucene.search.LRUQueryCache;
import org.apache.lucene.search.QueryCache;

/**
 * Where the filters {@link FilterCachingPolicy} picks are kept: Lucene's LRU query cache, of the
 * same size as its default (1,000 queries, a twentieth of the heap up to 32 MiB), but for every
 * segment. The default leaves out segments under 10,000 documents, and in a live index those
 * are the ones holding the conversations that changed last: there a customer's audience filter
 * and a prefix were looked up anew for every search (measured at 1M, a big segment and one of
 * 1,000 conversations: 1,589–1,765 searches per second uncached, 1,788–2,418 cached, as many as
 * one segment). Caching a small segment costs one pass over its few documents.
 */
final class FilterCache {
    private static final int MAX_QUERIES = 1_000;
    private static final long MAX_BYTES = 32L << 20;
    /** Lucene's default: a filter is not cached while it costs more than 10 × the search's leading clause. */
    private static final float SKIP_FACTOR = 10;

    private FilterCache() {
    }

    static QueryCache create() {
        return new LRUQueryCache(MAX_QUERIES, Math.min(MAX_BYTES, Runtime.getRuntime().maxMemory() / 20),
                leaf -> true, SKIP_FACTOR);
    }
}
