package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

import java.util.Map;

/**
 * {@code limit} (default 100), {@code skip} and {@code page} (1-based; page 0 is page 1) as the
 * contract names them, and the {@code X-Pagination-*} response headers.
 */
public record Pagination(int limit, long skip) {
    public static final int DEFAULT_LIMIT = 100;
    public static final long MAX_SKIP = Integer.MAX_VALUE;

    public static Pagination from(RequestValidator.Parameters params) {
        int limit = (int) bounded(params.query("limit"), ".limit", DEFAULT_LIMIT, 10_000);
        long skip = bounded(params.query("skip"), ".skip", 0, MAX_SKIP);
        JsonNode page = params.query("page");
        // the contract: "If both page and skip are set, skip is used."
        if (page != null && params.query("skip") == null) {
            long p = bounded(page, ".page", 1, MAX_SKIP);
            skip = Math.max(0, p - 1) * (long) limit;
        }
        return new Pagination(limit, skip);
    }

    private static long bounded(JsonNode value, String path, long fallback, long max) {
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToLong() || value.asLong() > max) {
            throw ApiError.validation(path, "maximum", "must be <= " + max, Map.of("limit", String.valueOf(max)));
        }
        if (value.asLong() < 0) {
            throw ApiError.validation(path, "minimum", "must be >= 0", Map.of("limit", "0"));
        }
        return value.asLong();
    }

    public long page() {
        return limit == 0 ? 1 : skip / limit + 1;
    }

    public void writeHeaders(Context ctx, long total) {
        ctx.header("X-Pagination-Limit", String.valueOf(limit));
        ctx.header("X-Pagination-Skip", String.valueOf(skip));
        ctx.header("X-Pagination-Page", String.valueOf(page()));
        ctx.header("X-Pagination-TotalCount", String.valueOf(total));
    }
}
