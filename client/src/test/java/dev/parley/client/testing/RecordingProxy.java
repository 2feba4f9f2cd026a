package dev.parley.client.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An HTTP proxy between the SDK and Parley that records what the server was sent and what it
 * answered, and can answer instead of the server ({@link #inject}): a 429 with Retry-After, a
 * 503, a dropped connection. Every answer closes the connection, so that no connection is
 * reused and a dropped one is seen by the client as such (the JDK client silently resends a
 * GET whose pooled connection turns out closed).
 */
public final class RecordingProxy implements AutoCloseable {
    /** Headers the proxy does not pass on (hop-by-hop, or set by the JDK client itself). */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "host", "upgrade",
            "http2-settings", "transfer-encoding", "keep-alive", "expect");

    private final HttpServer server;
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String target;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();

    /** What one request was and how it was answered; header names lower-cased. */
    public record Exchange(String method, String path, String query, Map<String, String> requestHeaders, byte[] requestBody,
                           int status, Map<String, String> responseHeaders, boolean injected, long atNanos) {
        public String header(String name) {
            return requestHeaders.get(name.toLowerCase(Locale.ROOT));
        }

        public String responseHeader(String name) {
            return responseHeaders.get(name.toLowerCase(Locale.ROOT));
        }

        public String body() {
            return new String(requestBody, StandardCharsets.UTF_8);
        }
    }

    /** An answer given instead of the server's to the next request matching {@code when}. */
    public record Fault(Predicate<HttpExchange> when, int status, Map<String, String> headers, String body) {
        public static final int DROP = -1;

        /** 429 {@code RateLimitError} with {@code Retry-After: seconds}. */
        public static Fault rateLimited(Predicate<HttpExchange> when, String retryAfter) {
            return new Fault(when, 429, retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter),
                    "{\"type\":\"RateLimitError\",\"message\":\"too many requests\"}");
        }

        /** The connection closed without an answer. */
        public static Fault drop(Predicate<HttpExchange> when) {
            return new Fault(when, DROP, Map.of(), "");
        }
    }

    public RecordingProxy(String target) {
        this.target = target;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "recording-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static Predicate<HttpExchange> any() {
        return e -> true;
    }

    public static Predicate<HttpExchange> method(String method) {
        return e -> e.getRequestMethod().equals(method);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next matching request with {@code fault} instead of forwarding it (once per call). */
    public void inject(Fault fault) {
        faults.add(fault);
    }

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** The exchanges since {@code from} (an earlier {@code exchanges().size()}). */
    public List<Exchange> exchangesSince(int from) {
        List<Exchange> all = exchanges();
        return all.subList(Math.min(from, all.size()), all.size());
    }

    public Exchange last() {
        return exchanges.get(exchanges.size() - 1);
    }

    public void clear() {
        exchanges.clear();
    }

    private Fault takeFault(HttpExchange exchange) {
        for (Fault f : faults) {
            if (f.when().test(exchange) && faults.remove(f)) {
                return f;
            }
        }
        return null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> requestHeaders = lowerCased(exchange.getRequestHeaders());
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        Fault fault = takeFault(exchange);
        if (fault != null) {
            exchanges.add(new Exchange(exchange.getRequestMethod(), path, query, requestHeaders, body, fault.status(),
                    fault.headers().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                            e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue)), true, System.nanoTime()));
            if (fault.status() == Fault.DROP) {
                // a handler that throws makes the JDK's server close the connection unanswered
                throw new IOException("dropped by the test");
            }
            fault.headers().forEach(exchange.getResponseHeaders()::add);
            respond(exchange, fault.status(), fault.body().getBytes(StandardCharsets.UTF_8));
            return;
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> forward.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = upstream.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Map<String, String> responseHeaders = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !lower.equals(":status")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                responseHeaders.put(lower, String.join(", ", values));
            }
        });
        exchanges.add(new Exchange(exchange.getRequestMethod(), path, query, requestHeaders, body, response.statusCode(),
                responseHeaders, false, System.nanoTime()));
        respond(exchange, response.statusCode(), response.body());
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Connection", "close");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private static Map<String, String> lowerCased(Headers headers) {
        Map<String, String> out = new TreeMap<>();
        headers.forEach((name, values) -> out.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        return out;
    }

    /** Requests the proxy saw, as "METHOD path" lines (for assertion messages). */
    public List<String> summary() {
        List<String> out = new ArrayList<>();
        exchanges.forEach(e -> out.add(e.method() + " " + e.path() + (e.query() == null ? "" : "?" + e.query()) + " → " + e.status()));
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
