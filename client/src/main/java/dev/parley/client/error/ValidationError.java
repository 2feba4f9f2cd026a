package dev.parley.client.error;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * One entry of {@code validationErrors} (the contract's {@code ValidationErrorSchema}): the
 * JavaScript-notation {@code path} of the refused input (e.g. {@code .title}), an ajv-style
 * {@code type} (e.g. {@code required}, {@code format}) and details in {@code context}.
 */
public record ValidationError(
        @JsonProperty("message") String message,
        @JsonProperty("path") String path,
        @JsonProperty("type") String type,
        @JsonProperty("context") Map<String, String> context) {

    public ValidationError {
        context = context == null ? Map.of() : Map.copyOf(context);
    }
}
