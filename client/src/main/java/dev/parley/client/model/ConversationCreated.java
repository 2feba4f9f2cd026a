package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code createConversation}. */
public record ConversationCreated(@JsonProperty("conversationId") String conversationId) {
}
