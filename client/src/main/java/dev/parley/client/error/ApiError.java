package dev.parley.client.error;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The contract's error body ({@code de.mittwald.v1.commons.Error}): {@code type} such as
 * {@code NotFound}, and a message. For a body that was not JSON the type is {@code "HTTP <status>"}
 * and the message the body's text.
 */
public record ApiError(@JsonProperty("type") String type, @JsonProperty("message") String message) {
}
