package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** A message of the timeline ({@code type: MESSAGE}), with its attachments. */
public record Message(
        @JsonProperty("messageId") String messageId,
        @JsonProperty("conversationId") String conversationId,
        @JsonProperty("createdAt") Instant createdAt,
        @JsonProperty("createdBy") User createdBy,
        @JsonProperty("messageContent") String messageContent,
        @JsonProperty("files") List<ConversationFile> files,
        @JsonProperty("internal") Boolean internal) implements TimelineEntry {

    public Message {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
