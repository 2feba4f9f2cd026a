package dev.parley.client.error;

import java.net.http.HttpHeaders;
import java.util.List;

/**
 * The request was refused for its content: 400, and any other status whose body is the
 * contract's {@code ValidationError} (file uploads use it for 406, 409 and 422).
 */
public class ValidationException extends MittwaldApiException {
    private final List<ValidationError> validationErrors;

    public ValidationException(String request, int status, ApiError error, List<ValidationError> validationErrors,
                               HttpHeaders headers) {
        super(request, status, error, headers);
        this.validationErrors = List.copyOf(validationErrors);
    }

    /** What was wrong, field by field. */
    public List<ValidationError> validationErrors() {
        return validationErrors;
    }
}
