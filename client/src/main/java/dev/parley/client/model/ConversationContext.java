package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Parley extension: the customer and project a conversation concerns (null: none) and their other recent conversations. */
public record ConversationContext(
        @JsonProperty("conversationId") String conversationId,
        @JsonProperty("customer") Named customer,
        @JsonProperty("project") Named project,
        @JsonProperty("recentConversations") List<Conversation> recentConversations) {

    public record Named(@JsonProperty("id") String id, @JsonProperty("name") String name) {
    }
}
