package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Parley extension: how many conversations each tab of the staff queue holds. */
public record QueueCounts(
        @JsonProperty("waitingForUs") long waitingForUs,
        @JsonProperty("inProgress") long inProgress,
        @JsonProperty("waitingForCustomer") long waitingForCustomer,
        @JsonProperty("answered") long answered,
        @JsonProperty("closed") long closed) {
}
