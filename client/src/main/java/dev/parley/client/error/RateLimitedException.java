package dev.parley.client.error;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/**
 * 429: the rate limit is spent. Thrown when retries are off, or the server asks for a longer
 * wait than the client's retry policy allows, or the retries ran out.
 */
public class RateLimitedException extends MittwaldApiException {
    private final Duration retryAfter;

    public RateLimitedException(String request, int status, ApiError error, HttpHeaders headers, Duration retryAfter) {
        super(request, status, error, headers);
        this.retryAfter = retryAfter;
    }

    /** How long to wait before trying again ({@code Retry-After}), if the server said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
