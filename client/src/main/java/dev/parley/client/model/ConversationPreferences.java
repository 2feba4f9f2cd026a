package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** Who of a customer gets new conversations: per category id a user id, else the fallback. */
public record ConversationPreferences(
        @JsonProperty("customerId") String customerId,
        @JsonProperty("preferredUsers") PreferredUsers preferredUsers) {

    public record PreferredUsers(
            @JsonProperty("categoryUserPairs") Map<String, String> categoryUserPairs,
            @JsonProperty("fallback") String fallback) {

        public PreferredUsers {
            categoryUserPairs = categoryUserPairs == null ? Map.of() : Map.copyOf(categoryUserPairs);
        }
    }
}
