package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code private} when a conversation is shared with a single user, {@code shared} otherwise. */
public enum Visibility {
    @JsonProperty("shared") SHARED,
    @JsonProperty("private") PRIVATE,
    /** A value this SDK does not know yet (sent by a newer server). */
    @JsonEnumDefaultValue UNKNOWN
}
