package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * A status change or other event of the timeline ({@code type: STATUS_UPDATE}). The contract's
 * two shapes are one record: a generic update ({@code messageContent} such as
 * {@code CONVERSATION_CREATED}, {@code STATUS_CLOSED}) and a resubmission
 * ({@code RESUBMISSION_CREATED}, {@code RESUBMISSION_RESUBMIT_AT_CHANGED}), whose {@link Meta}
 * carries the resubmission fields.
 */
public record StatusUpdate(
        @JsonProperty("conversationId") String conversationId,
        @JsonProperty("createdAt") Instant createdAt,
        @JsonProperty("messageContent") String messageContent,
        @JsonProperty("internal") Boolean internal,
        @JsonProperty("meta") Meta meta) implements TimelineEntry {

    public static final String CONVERSATION_CREATED = "CONVERSATION_CREATED";
    public static final String RESUBMISSION_CREATED = "RESUBMISSION_CREATED";
    public static final String RESUBMISSION_RESUBMIT_AT_CHANGED = "RESUBMISSION_RESUBMIT_AT_CHANGED";

    /** Whether this is a resubmission update (the contract's {@code ResubmissionStatusUpdate}). */
    public boolean isResubmission() {
        return RESUBMISSION_CREATED.equals(messageContent) || RESUBMISSION_RESUBMIT_AT_CHANGED.equals(messageContent);
    }

    /** Who made the change; for resubmissions also when and by which group. */
    public record Meta(
            @JsonProperty("user") User user,
            @JsonProperty("resubmitAt") Instant resubmitAt,
            @JsonProperty("groupId") String groupId,
            @JsonProperty("groupAcronym") String groupAcronym,
            @JsonProperty("groupName") String groupName) {
    }
}
