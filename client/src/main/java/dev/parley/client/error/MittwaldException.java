package dev.parley.client.error;

/** Everything the SDK throws for a failed call. */
public abstract class MittwaldException extends RuntimeException {
    protected MittwaldException(String message, Throwable cause) {
        super(message, cause);
    }
}
