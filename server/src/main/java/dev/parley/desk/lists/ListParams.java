package dev.parley.desk.lists;

import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The lists' query parameters as a page reads them: what cannot be used is clamped or ignored
 * and named in {@link #ignored()}, so that a hand-edited address still gets a page with a
 * message, never an error.
 */
final class ListParams {
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 100;
    /** As the API: skip stays in an int's range. */
    static final long MAX_SKIP = Integer.MAX_VALUE;
    static final int MAX_SEARCH_LENGTH = 500;
    /** Ten years: larger ages match nothing more, and the arithmetic stays far from overflow. */
    static final int MAX_HOURS = 24 * 366 * 10;

    private final Context ctx;
    private final List<String> ignored = new ArrayList<>();

    ListParams(Context ctx) {
        this.ctx = ctx;
    }

    /** Parameter names that were not understood (clamped or dropped), in the order met. */
    List<String> ignored() {
        return ignored;
    }

    int limit() {
        Long n = number("limit");
        if (n == null) {
            return DEFAULT_LIMIT;
        }
        if (n < 1 || n > MAX_LIMIT) {
            ignored.add("limit");
            return (int) Math.max(1, Math.min(MAX_LIMIT, n));
        }
        return n.intValue();
    }

    long skip() {
        Long n = number("skip");
        if (n == null) {
            return 0;
        }
        if (n < 0 || n > MAX_SKIP) {
            ignored.add("skip");
            return Math.max(0, Math.min(MAX_SKIP, n));
        }
        return n;
    }

    /** The search text (the API's fullTextSearch), trimmed; null when none. */
    String search() {
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            return null;
        }
        q = q.strip();
        if (q.length() > MAX_SEARCH_LENGTH) {
            ignored.add("q");
            return q.substring(0, MAX_SEARCH_LENGTH);
        }
        return q;
    }

    /** One of {@code allowed}, else {@code fallback} (an unknown value is named). */
    String choice(String name, List<String> allowed, String fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        if (!allowed.contains(v)) {
            ignored.add(name);
            return fallback;
        }
        return v;
    }

    /** A UUID parameter (lower-case canonical form), null when absent or not a UUID (then named). */
    String uuid(String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            UUID id = UUID.fromString(v.strip());
            String canonical = id.toString();
            if (!canonical.equalsIgnoreCase(v.strip())) {
                throw new IllegalArgumentException(v);
            }
            return canonical;
        } catch (IllegalArgumentException e) {
            ignored.add(name);
            return null;
        }
    }

    /** Whole hours, 0 … {@link #MAX_HOURS}; anything else is named and dropped (or clamped when too large). */
    Integer hours(String name) {
        Long n = number(name);
        if (n == null) {
            return null;
        }
        if (n < 0) {
            ignored.add(name);
            return null;
        }
        if (n > MAX_HOURS) {
            ignored.add(name);
            return MAX_HOURS;
        }
        return n.intValue();
    }

    /** A whole number parameter; null when absent, or not a number (then named). */
    private Long number(String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            if (v.strip().matches("-?\\d{19,}")) {
                // too long for a long: as far out of range as it gets
                return v.strip().startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            ignored.add(name);
            return null;
        }
    }
}
