package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * What a conversation is about ({@code relatedTo}); it must fit the category's
 * {@link Category#referenceType()}. Build one with the factory methods.
 */
public record RelatedAggregateReference(
        @JsonProperty("domain") String domain,
        @JsonProperty("aggregate") String aggregate,
        @JsonProperty("id") String id) {

    public RelatedAggregateReference {
        Objects.requireNonNull(id, "id");
    }

    public static RelatedAggregateReference user(String userId) {
        return new RelatedAggregateReference("user", "user", userId);
    }

    public static RelatedAggregateReference customer(String customerId) {
        return new RelatedAggregateReference("customer", "customer", customerId);
    }

    public static RelatedAggregateReference project(String projectId) {
        return new RelatedAggregateReference("project", "project", projectId);
    }

    public static RelatedAggregateReference appInstallation(String appInstallationId) {
        return new RelatedAggregateReference("app", "appinstallation", appInstallationId);
    }

    public static RelatedAggregateReference placementGroup(String placementGroupId) {
        return new RelatedAggregateReference("project", "placementgroup", placementGroupId);
    }

    public static RelatedAggregateReference extensionInstance(String extensionInstanceId) {
        return new RelatedAggregateReference("extension", "extensionInstance", extensionInstanceId);
    }

    public static RelatedAggregateReference container(String containerId) {
        return new RelatedAggregateReference("container", "container", containerId);
    }
}
