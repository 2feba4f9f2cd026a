package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user as conversations show them. Only {@code userId} is always present; in
 * {@code getConversationMembers} answers {@code active} is too.
 */
public record User(
        @JsonProperty("userId") String userId,
        @JsonProperty("clearName") String clearName,
        @JsonProperty("avatarRefId") String avatarRefId,
        @JsonProperty("active") Boolean active,
        @JsonProperty("isEmployee") Boolean isEmployee) {
}
