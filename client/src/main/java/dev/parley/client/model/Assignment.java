package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/** Parley extension: who on the staff works on a conversation ({@code assigneeId} null: nobody). */
public record Assignment(
        @JsonProperty("conversationId") String conversationId,
        @JsonProperty("assigneeId") String assigneeId,
        @JsonProperty("assignedAt") Instant assignedAt,
        @JsonProperty("assignedBy") String assignedBy) {
}
