package dev.parley.client.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Path segments and query strings, percent-encoded. */
public final class UrlParts {
    private UrlParts() {
    }

    /** One path segment: everything but unreserved characters encoded (a slash in an id stays inside its segment). */
    public static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("A path parameter must not be empty");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Query parameters in order; a key may repeat (arrays are sent as repeated keys, as the official SDK does). */
    public static final class Query {
        private final List<Map.Entry<String, String>> entries = new ArrayList<>();

        public Query add(String key, Object value) {
            if (value != null) {
                entries.add(Map.entry(key, String.valueOf(value)));
            }
            return this;
        }

        public boolean isEmpty() {
            return entries.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            for (Map.Entry<String, String> e : entries) {
                out.append(out.length() == 0 ? "" : "&")
                        .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8).replace("+", "%20"))
                        .append('=')
                        .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
            }
            return out.toString();
        }
    }
}
