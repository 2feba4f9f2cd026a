package dev.parley.api;

import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/**
 * Bounds the query string: no operation of the contract takes more than a dozen parameters, so a
 * request with hundreds is refused before anything parses them further.
 */
public final class QueryLimits {
    public static final int MAX_PARAMETERS = 64;

    private QueryLimits() {
    }

    public static void check(Context ctx) {
        int count = 0;
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            count += Math.max(1, e.getValue().size());
        }
        if (count > MAX_PARAMETERS) {
            throw ApiError.validation(".query", "maxProperties", "at most " + MAX_PARAMETERS
                    + " query parameters are accepted", Map.of("limit", String.valueOf(MAX_PARAMETERS)));
        }
    }
}
