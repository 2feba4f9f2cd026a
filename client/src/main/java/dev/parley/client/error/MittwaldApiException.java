package dev.parley.client.error;

import java.net.http.HttpHeaders;
import java.util.Objects;

/**
 * An error response. Thrown as is for statuses without a class of their own (e.g. 412 when a
 * read's {@code if-event-reached} was not reached in time, 413, 415); the subclasses cover the
 * classes a caller handles differently.
 */
public class MittwaldApiException extends MittwaldException {
    private final int status;
    private final ApiError error;
    private final HttpHeaders headers;

    public MittwaldApiException(String request, int status, ApiError error, HttpHeaders headers) {
        super(request + " answered " + status + " " + error.type() + ": " + error.message(), null);
        this.status = status;
        this.error = Objects.requireNonNull(error, "error");
        this.headers = headers;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The contract's error body. */
    public ApiError error() {
        return error;
    }

    /** The response's headers. */
    public HttpHeaders headers() {
        return headers;
    }
}
