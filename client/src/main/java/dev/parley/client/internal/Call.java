package dev.parley.client.internal;

import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One operation's request before it is sent: method, encoded path, query, extra headers and an
 * optional body. {@code operation} names it in exceptions (the contract's operation id).
 */
public final class Call {
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    final String operation;
    final String method;
    final String path;
    final UrlParts.Query query = new UrlParts.Query();
    final Map<String, String> headers = new LinkedHashMap<>(Map.of("Accept", "application/json"));
    HttpRequest.BodyPublisher body;
    boolean replayable = true;

    private Call(String operation, String method, String path) {
        this.operation = operation;
        this.method = method;
        this.path = path;
    }

    /** {@code path} with its parameters already encoded ({@link UrlParts#segment}). */
    public static Call of(String operation, String method, String path) {
        return new Call(operation, method, path);
    }

    public Call query(String key, Object value) {
        query.add(key, value);
        return this;
    }

    public Call header(String name, String value) {
        if (value != null) {
            headers.put(name, value);
        }
        return this;
    }

    /** A file download: no {@code Accept: application/json}; the caller may set its own. */
    public Call download() {
        headers.remove("Accept");
        return this;
    }

    /** A JSON body. */
    public Call json(Object value) {
        headers.put("Content-Type", "application/json");
        body = HttpRequest.BodyPublishers.ofByteArray(Json.write(value));
        return this;
    }

    /** Any other body; {@code replayable} false when it can be sent only once (a stream). */
    public Call body(String contentType, HttpRequest.BodyPublisher publisher, boolean replayable) {
        headers.put("Content-Type", contentType);
        body = publisher;
        this.replayable = replayable;
        return this;
    }

    boolean idempotent() {
        return IDEMPOTENT.contains(method);
    }

    boolean read() {
        return method.equals("GET") || method.equals("HEAD");
    }

    String describe() {
        return operation + " (" + method + " " + path + ")";
    }
}
