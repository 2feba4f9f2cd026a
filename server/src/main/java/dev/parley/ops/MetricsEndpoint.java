package dev.parley.ops;

import com.sun.net.httpserver.HttpServer;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.Executors;

/**
 * {@code GET /metrics}: the registry in Prometheus' text format, on the main port or, with
 * {@code --metrics-port}, on a port of its own (a small JDK HTTP server, so a scrape never waits
 * behind API traffic and the port can stay inside the network). With {@code --metrics-token}
 * a scrape must send {@code Authorization: Bearer <token>} (401 otherwise).
 */
final class MetricsEndpoint implements AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final byte[] token;
    private HttpServer own;

    MetricsEndpoint(PrometheusMeterRegistry registry, String token) {
        this.registry = registry;
        this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    boolean authorized(String authorization) {
        if (token == null) {
            return true;
        }
        return authorization != null
                && MessageDigest.isEqual(token, authorization.getBytes(StandardCharsets.UTF_8));
    }

    /** The Javalin handler of the main port. */
    void handle(Context ctx) {
        if (!authorized(ctx.header("Authorization"))) {
            ctx.status(401).header("WWW-Authenticate", "Bearer").contentType("application/json")
                    .result("{\"type\":\"Unauthorized\",\"message\":\"a metrics token is required\"}");
            return;
        }
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }

    /** Serves the metrics on {@code host}:{@code port} (0: a free one) until closed; returns the port. */
    int serveOn(String host, int port) {
        try {
            own = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen for metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        own.createContext("/", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
                    send(exchange, 404, "application/json", "{\"type\":\"NotFound\",\"message\":\"only /metrics is here\"}");
                } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(exchange, 405, "application/json", "{\"type\":\"MethodNotAllowed\",\"message\":\"GET only\"}");
                } else if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                    send(exchange, 401, "application/json",
                            "{\"type\":\"Unauthorized\",\"message\":\"a metrics token is required\"}");
                } else {
                    send(exchange, 200, CONTENT_TYPE, registry.scrape());
                }
            }
        });
        own.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "parley-metrics");
            t.setDaemon(true);
            return t;
        }));
        own.start();
        return own.getAddress().getPort();
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        if (own != null) {
            own.stop(0);
            ((java.util.concurrent.ExecutorService) own.getExecutor()).shutdownNow();
        }
    }
}
