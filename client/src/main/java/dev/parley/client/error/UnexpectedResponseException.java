package dev.parley.client.error;

/** A successful response whose body is not what the contract describes (not JSON, or another shape). */
public class UnexpectedResponseException extends MittwaldException {
    public UnexpectedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
