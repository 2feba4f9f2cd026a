package dev.parley.client.error;

/**
 * No answer: the connection failed, timed out or was cut (after the retries an idempotent
 * request gets), or the calling thread was interrupted while waiting.
 */
public class MittwaldConnectionException extends MittwaldException {
    public MittwaldConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
