package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/** Parley extension: the caller's read state of a conversation. */
public record ReadState(
        @JsonProperty("conversationId") String conversationId,
        @JsonProperty("lastReadAt") Instant lastReadAt,
        @JsonProperty("unread") boolean unread,
        @JsonProperty("lastActivityAt") Instant lastActivityAt) {
}
