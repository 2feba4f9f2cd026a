package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code updateMessage}: the new text. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpdateMessageRequest(@JsonProperty("messageContent") String messageContent) {
}
