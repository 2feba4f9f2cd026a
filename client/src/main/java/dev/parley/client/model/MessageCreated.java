package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code createMessage}. */
public record MessageCreated(
        @JsonProperty("conversationId") String conversationId,
        @JsonProperty("messageId") String messageId) {
}
