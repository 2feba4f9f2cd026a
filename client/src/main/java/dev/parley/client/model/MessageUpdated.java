package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code updateMessage}. */
public record MessageUpdated(@JsonProperty("messageId") String messageId) {
}
