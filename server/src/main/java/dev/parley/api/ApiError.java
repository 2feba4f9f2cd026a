package dev.parley.api;

import java.util.List;
import java.util.Map;

/**
 * A request that ends in an error response in the contract's shape. Thrown anywhere below a
 * handler; {@link ErrorResponses} renders it.
 */
public class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final List<FieldError> fieldErrors;

    public ApiError(int status, String type, String message) {
        this(status, type, message, List.of());
    }

    public ApiError(int status, String type, String message, List<FieldError> fieldErrors) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** One entry of {@code validationErrors}: ajv-style {@code type}, JavaScript-notation {@code path}. */
    public record FieldError(String message, String path, String type, Map<String, String> context) {
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "NotFound", message);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "Forbidden", message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "Unauthorized", message);
    }

    public static ApiError validation(String message, List<FieldError> errors) {
        return new ApiError(400, "ValidationError", message, errors);
    }

    public static ApiError validation(String path, String type, String message, Map<String, String> context) {
        return validation("Validation failed", List.of(new FieldError(message, path, type, context)));
    }
}
