package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code messageContent} of a {@link ServiceRequest}: what was requested. */
public enum ServiceRequestKind {
    @JsonProperty("relocation") RELOCATION,
    @JsonProperty("call") CALL,
    @JsonProperty("mailSendLimitIncrease") MAIL_SEND_LIMIT_INCREASE,
    /** A kind this SDK does not know yet (sent by a newer server). */
    @JsonEnumDefaultValue UNKNOWN
}
