package dev.parley.bench.http;

/** One request of a scenario; {@code body} is null for a request without one. */
public record Request(String method, String path, String body) {
    public static Request get(String path) {
        return new Request("GET", path, null);
    }

    public static Request post(String path, String body) {
        return new Request("POST", path, body);
    }

    public boolean writes() {
        return !"GET".equals(method);
    }
}
