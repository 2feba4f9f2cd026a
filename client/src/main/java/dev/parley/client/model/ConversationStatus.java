package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A conversation's status. {@code open | answered | closed} may be set by anyone who sees the
 * conversation; {@code inProgress | waiting} are set by staff (Parley: staff may also send them).
 */
public enum ConversationStatus {
    @JsonProperty("open") OPEN,
    @JsonProperty("answered") ANSWERED,
    @JsonProperty("closed") CLOSED,
    @JsonProperty("inProgress") IN_PROGRESS,
    @JsonProperty("waiting") WAITING,
    /** A status this SDK does not know yet (sent by a newer server); never sent. */
    @JsonEnumDefaultValue UNKNOWN
}
