package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.function.Function;

/**
 * One entry of a conversation's timeline ({@code listMessagesByConversation}), told apart by
 * the contract's {@code type}. Sealed: on Java 21 a pattern {@code switch} over the three kinds is
 * exhaustive without a default; on Java 17 {@link #match} is.
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

    /** One function per kind, so that the compiler sees every kind handled (Java 17's exhaustive switch). */
    default <R> R match(Function<? super Message, ? extends R> message,
                        Function<? super StatusUpdate, ? extends R> statusUpdate,
                        Function<? super ServiceRequest, ? extends R> serviceRequest) {
        if (this instanceof Message m) {
            return message.apply(m);
        }
        if (this instanceof StatusUpdate s) {
            return statusUpdate.apply(s);
        }
        return serviceRequest.apply((ServiceRequest) this);
    }
}
