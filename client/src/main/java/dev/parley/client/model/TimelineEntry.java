package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;

/**
 * One entry of a conversation's timeline ({@code listMessagesByConversation}), told apart by
 * the contract's {@code type}: a {@code switch} over the three kinds is exhaustive.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Message.class, name = "MESSAGE"),
        @JsonSubTypes.Type(value = StatusUpdate.class, name = "STATUS_UPDATE"),
        @JsonSubTypes.Type(value = ServiceRequest.class, name = "SERVICE_REQUEST")
})
public sealed interface TimelineEntry permits Message, StatusUpdate, ServiceRequest {
    String conversationId();

    Instant createdAt();
}
