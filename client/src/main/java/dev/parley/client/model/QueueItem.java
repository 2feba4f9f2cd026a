package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/** Parley extension: one row of the staff queue; {@code lastMessageBy} is customer, staff or null (no message). */
public record QueueItem(
        @JsonProperty("conversation") Conversation conversation,
        @JsonProperty("assigneeId") String assigneeId,
        @JsonProperty("lastMessageBy") String lastMessageBy,
        @JsonProperty("waitingSince") Instant waitingSince,
        @JsonProperty("unread") boolean unread) {
}
