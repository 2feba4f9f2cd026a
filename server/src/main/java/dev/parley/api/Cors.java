package dev.parley.api;

import io.javalin.config.JavalinConfig;

import java.util.List;

/**
 * Cross-origin access for browser front ends. Off unless origins are configured
 * ({@code --cors-origin}); then those origins (and only those) may call the API with their
 * tokens, and read the headers the SDKs rely on.
 */
public final class Cors {
    /** Response headers a browser script may read: consistency, pagination, rate limits, downloads. */
    static final List<String> EXPOSED = List.of("ETag", "X-Pagination-TotalCount", "X-Pagination-Limit",
            "X-Pagination-Skip", "X-Pagination-Page", "X-Ratelimit-Limit", "X-Ratelimit-Remaining",
            "X-Ratelimit-Reset", "Retry-After", "Content-Disposition", "X-Request-Id");

    private Cors() {
    }

    public static void configure(JavalinConfig config, List<String> origins) {
        List<String> allowed = origins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
        if (allowed.isEmpty()) {
            return;
        }
        config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
            if (allowed.contains("*")) {
                rule.anyHost();
            } else {
                allowed.forEach(origin -> rule.allowHost(origin));
            }
            rule.maxAge = 600;
            EXPOSED.forEach(rule::exposeHeader);
        }));
    }
}
