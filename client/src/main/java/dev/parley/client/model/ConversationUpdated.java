package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer of {@code updateConversation} and {@code setConversationStatus}. */
public record ConversationUpdated(@JsonProperty("conversationId") String conversationId) {
}
