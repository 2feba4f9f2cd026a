package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** A conversation's metadata (the contract's {@code Conversation}); its timeline is read separately. */
public record Conversation(
        @JsonProperty("conversationId") String conversationId,
        @JsonProperty("shortId") String shortId,
        @JsonProperty("title") String title,
        @JsonProperty("createdAt") Instant createdAt,
        @JsonProperty("status") ConversationStatus status,
        @JsonProperty("visibility") Visibility visibility,
        @JsonProperty("mainUser") User mainUser,
        @JsonProperty("category") Category category,
        @JsonProperty("lastMessageAt") Instant lastMessageAt,
        @JsonProperty("notificationRoles") List<NotificationRole> notificationRoles,
        @JsonProperty("relatedTo") RelatedAggregateReference relatedTo,
        @JsonProperty("relations") List<AggregateReference> relations,
        @JsonProperty("sharedWith") ShareableAggregateReference sharedWith,
        @JsonProperty("createdBy") User createdBy,
        @JsonProperty("lastMessage") LastMessage lastMessage,
        @JsonProperty("lastMessageBy") User lastMessageBy) {

    public Conversation {
        notificationRoles = notificationRoles == null ? List.of() : List.copyOf(notificationRoles);
        relations = relations == null ? List.of() : List.copyOf(relations);
    }

    /** When the newest message was written, and by whom. */
    public record LastMessage(
            @JsonProperty("createdAt") Instant createdAt,
            @JsonProperty("createdBy") User createdBy) {
    }
}
