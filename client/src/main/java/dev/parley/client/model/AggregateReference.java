package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A reference to any aggregate of mittwald's domains, as in a conversation's {@code relations}. */
public record AggregateReference(
        @JsonProperty("domain") String domain,
        @JsonProperty("aggregate") String aggregate,
        @JsonProperty("id") String id) {
}
