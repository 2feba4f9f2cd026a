package dev.parley.bench.targets;

import java.util.Objects;

/**
 * One search the scenarios send: {@code query} is the {@code fullTextSearch} parameter as a user
 * types it (a phrase with its quotes, an exclusion with its minus), not yet URL-encoded.
 */
public record SearchQuery(SearchKind kind, String query) {
    public SearchQuery {
        Objects.requireNonNull(kind, "kind");
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("an empty search query");
        }
    }
}
