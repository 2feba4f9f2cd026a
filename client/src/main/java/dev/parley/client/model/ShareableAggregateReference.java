package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * Who a conversation is shared with ({@code sharedWith}): a user, a customer, a project or a
 * placement group. Build one with the factory methods; the record holds what the server sent.
 */
public record ShareableAggregateReference(
        @JsonProperty("domain") String domain,
        @JsonProperty("aggregate") String aggregate,
        @JsonProperty("id") String id) {

    public ShareableAggregateReference {
        Objects.requireNonNull(id, "id");
    }

    public static ShareableAggregateReference user(String userId) {
        return new ShareableAggregateReference("user", "user", userId);
    }

    public static ShareableAggregateReference customer(String customerId) {
        return new ShareableAggregateReference("customer", "customer", customerId);
    }

    public static ShareableAggregateReference project(String projectId) {
        return new ShareableAggregateReference("project", "project", projectId);
    }

    public static ShareableAggregateReference placementGroup(String placementGroupId) {
        return new ShareableAggregateReference("project", "placementgroup", placementGroupId);
    }
}
