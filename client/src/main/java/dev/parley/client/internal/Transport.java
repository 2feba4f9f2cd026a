package dev.parley.client.internal;

import com.fasterxml.jackson.databind.JavaType;
import dev.parley.client.RetryPolicy;
import dev.parley.client.error.MittwaldConnectionException;
import dev.parley.client.error.MittwaldException;
import dev.parley.client.error.UnexpectedResponseException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends a {@link Call}: authentication, event consistency, retries, error mapping, JSON.
 *
 * <p>Event consistency as mittwald's official SDK does it: a successful mutation answers
 * {@code ETag} (an event position); every later read carries it back as {@code if-event-reached},
 * so that the server answers only once it has applied that write (read-your-writes, on any
 * node). The newest ETag seen wins.
 */
public final class Transport {
    private static final String USER_AGENT = "parley-client-java";

    private final HttpClient http;
    private final String baseUrl;
    private final String token;
    private final Duration requestTimeout;
    private final RetryPolicy retry;
    private final boolean eventConsistency;
    private final AtomicReference<String> lastEventId = new AtomicReference<>();

    public Transport(HttpClient http, String baseUrl, String token, Duration requestTimeout, RetryPolicy retry,
                     boolean eventConsistency) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.retry = retry;
        this.eventConsistency = eventConsistency;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The ETag of the newest mutation this client saw, sent as {@code if-event-reached} on reads. */
    public Optional<String> lastEventId() {
        return Optional.ofNullable(lastEventId.get());
    }

    /** Sends the call and decodes a successful JSON answer as {@code type}. */
    public <T> CompletableFuture<T> json(Call call, JavaType type) {
        return send(call).thenApply(response -> decode(call, response, type));
    }

    /** Decodes a successful JSON answer; a body of another shape is an {@link UnexpectedResponseException}. */
    public static <T> T decode(Call call, HttpResponse<byte[]> response, JavaType type) {
        try {
            return Json.MAPPER.readValue(response.body(), type);
        } catch (IOException e) {
            throw new UnexpectedResponseException(call.describe() + " answered " + response.statusCode()
                    + " with a body that is not a " + type.getGenericSignature() + ": " + e.getMessage(), e);
        }
    }

    /** Sends the call (with retries); completes with a 2xx/3xx response, else with the error's exception. */
    public CompletableFuture<HttpResponse<byte[]>> send(Call call) {
        HttpRequest request;
        try {
            request = request(call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return attempt(call, request, 1).thenApply(response -> {
            if (response.statusCode() >= 400) {
                throw ErrorMapper.map(call, response);
            }
            if (!call.read()) {
                response.headers().firstValue("ETag").filter(tag -> !tag.isBlank()).ifPresent(lastEventId::set);
            }
            return response;
        });
    }

    private HttpRequest request(Call call) {
        String uri = baseUrl + call.path + (call.query.isEmpty() ? "" : "?" + call.query);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri))
                .method(call.method, call.body == null ? HttpRequest.BodyPublishers.noBody() : call.body)
                .header("User-Agent", USER_AGENT);
        if (requestTimeout != null) {
            builder.timeout(requestTimeout);
        }
        if (token != null) {
            builder.header("x-access-token", token);
        }
        String reached = lastEventId.get();
        if (eventConsistency && call.read() && reached != null && !call.headers.containsKey("if-event-reached")) {
            builder.header("if-event-reached", reached);
        }
        call.headers.forEach(builder::header);
        return builder.build();
    }

    private CompletableFuture<HttpResponse<byte[]>> attempt(Call call, HttpRequest request, int attempt) {
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.<CompletableFuture<HttpResponse<byte[]>>>handle((response, failure) -> {
            boolean mayRetry = call.replayable && retry.allowsAnotherAfter(attempt);
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof IOException && call.idempotent() && mayRetry) {
                    return later(retry.backoff(attempt), () -> attempt(call, request, attempt + 1));
                }
                return CompletableFuture.<HttpResponse<byte[]>>failedFuture(cause instanceof IOException
                        ? new MittwaldConnectionException(call.describe() + " failed after " + attempt + " attempt(s): " + cause, cause)
                        : cause);
            }
            int status = response.statusCode();
            // 429: the request was not acted on, so any method may be sent again; 503 only an idempotent one
            if (mayRetry && (status == 429 || (status == 503 && call.idempotent()))) {
                Optional<Duration> asked = RetryAfter.of(response.headers());
                Duration wait = asked.orElseGet(() -> retry.backoff(attempt));
                if (wait.compareTo(retry.maxRetryAfter()) <= 0) {
                    return later(wait, () -> attempt(call, request, attempt + 1));
                }
            }
            return CompletableFuture.completedFuture(response);
        }).thenCompose(next -> next);
    }

    private static <T> CompletableFuture<T> later(Duration wait, java.util.function.Supplier<CompletableFuture<T>> next) {
        return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS))
                .thenCompose(ignored -> next.get());
    }

    /** The sync face of an async call: its result, or its own exception unwrapped. */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MittwaldException m) {
                throw m;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new MittwaldConnectionException("Request failed: " + cause, cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new MittwaldConnectionException("Interrupted while waiting for the answer", e);
        }
    }
}
