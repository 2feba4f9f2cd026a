package dev.parley.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.api.Json;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;

/**
 * A webhook receiver for tests on 127.0.0.1: records every request per path and checks its
 * signature with its own implementation of the Standard Webhooks specification (not Parley's
 * class), under the secret registered for the path. Answers 204 unless told otherwise.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived. */
    record Received(String path, String webhookId, String timestamp, String signature, String body,
                    boolean signatureValid, int answered) {
        JsonNode json() {
            return Json.tree(body);
        }

        String type() {
            return json().path("type").asText();
        }

        String conversationId() {
            return json().at("/data/conversationId").asText();
        }
    }

    private final HttpServer server;
    private final List<Received> received = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    /** Per path: the status to answer for the n-th request (1-based). */
    private final Map<String, IntUnaryOperator> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            String secret = secrets.get(path);
            boolean valid = secret != null && verify(secret, id, timestamp, body, signature);
            int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            int status = answers.getOrDefault(path, i -> 204).applyAsInt(n);
            long delay = delays.getOrDefault(path, 0L);
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            received.add(new Received(path, id, timestamp, signature, new String(body, StandardCharsets.UTF_8), valid, status));
            byte[] answer = status == 204 ? new byte[0] : ("answer " + status + " " + "x".repeat(3000)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, status == 204 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void secret(String path, String secret) {
        secrets.put(path, secret);
    }

    void answer(String path, IntUnaryOperator statusOfNthRequest) {
        answers.put(path, statusOfNthRequest);
    }

    /** Answers requests to {@code path} only after this long (a slow receiver). */
    void delay(String path, long millis) {
        delays.put(path, millis);
    }

    List<Received> at(String path) {
        synchronized (received) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    /** The requests to {@code path} about one conversation, in arrival order. */
    List<Received> at(String path, String conversationId) {
        return at(path).stream().filter(r -> conversationId.equals(r.conversationId())).toList();
    }

    /**
     * The specification's verification: the secret's base64 part after {@code whsec_} is the
     * key; the signed content is {@code id.timestamp.body}; any of the space-separated
     * {@code v1,<base64>} signatures may match (compared in constant time); the timestamp must be
     * within five minutes.
     */
    static boolean verify(String secret, String id, String timestamp, byte[] body, String header) {
        if (id == null || timestamp == null || header == null || !secret.startsWith("whsec_")) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - ts) > 300) {
            return false;
        }
        byte[] expected = hmac(Base64.getDecoder().decode(secret.substring("whsec_".length())),
                (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        for (String part : header.split(" ")) {
            String[] versioned = part.split(",", 2);
            if (versioned.length == 2 && versioned[0].equals("v1")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(versioned[1]))) {
                return true;
            }
        }
        return false;
    }

    static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits up to {@code timeout} for the condition. */
    static void await(Duration timeout, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
