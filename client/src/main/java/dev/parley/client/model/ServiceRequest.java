package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** A service request of the timeline ({@code type: SERVICE_REQUEST}): a relocation, a call, a mail limit increase. */
public record ServiceRequest(
        @JsonProperty("messageId") String messageId,
        @JsonProperty("conversationId") String conversationId,
        @JsonProperty("createdAt") Instant createdAt,
        @JsonProperty("messageContent") ServiceRequestKind messageContent,
        @JsonProperty("meta") ServiceRequestPayload meta,
        @JsonProperty("files") List<ConversationFile> files) implements TimelineEntry {

    public ServiceRequest {
        files = files == null ? List.of() : List.copyOf(files);
    }
}
