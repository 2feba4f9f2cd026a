package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What a conversation of a category may be related to ({@code relatedTo}). */
public enum CategoryReferenceType {
    @JsonProperty("unspecified") UNSPECIFIED,
    @JsonProperty("server") SERVER,
    @JsonProperty("project") PROJECT,
    @JsonProperty("organisation") ORGANISATION,
    @JsonProperty("extensionInstance") EXTENSION_INSTANCE,
    /** A value this SDK does not know yet (sent by a newer server). */
    @JsonEnumDefaultValue UNKNOWN
}
