package dev.parley.desk.lists;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A list page's address with its current parameters, changed one at a time (tab, page). */
final class Links {
    private final String path;
    private final Map<String, String> params = new LinkedHashMap<>();

    Links(String path) {
        this.path = path;
    }

    /** Sets a parameter; null, empty and the default (when given) leave it out of the address. */
    Links with(String name, Object value) {
        Links copy = new Links(path);
        copy.params.putAll(params);
        if (value == null || value.toString().isEmpty()) {
            copy.params.remove(name);
        } else {
            copy.params.put(name, value.toString());
        }
        return copy;
    }

    Links path(String other) {
        Links copy = new Links(other);
        copy.params.putAll(params);
        return copy;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            out.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return out.toString();
    }
}
