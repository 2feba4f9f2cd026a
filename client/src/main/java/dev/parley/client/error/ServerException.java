package dev.parley.client.error;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/**
 * 5xx: the server failed (500), or cannot serve now (503, e.g. its database is away, with a
 * {@code Retry-After}), or has no space left (507).
 */
public class ServerException extends MittwaldApiException {
    private final Duration retryAfter;

    public ServerException(String request, int status, ApiError error, HttpHeaders headers, Duration retryAfter) {
        super(request, status, error, headers);
        this.retryAfter = retryAfter;
    }

    /** When the server asked to be tried again ({@code Retry-After}), if it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
