package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/** A short-lived token that alone opens one attachment ({@code file().getFile(fileId, accessToken)}). */
public record FileAccessToken(
        @JsonProperty("accessToken") String accessToken,
        @JsonProperty("expiresAt") Instant expiresAt) {
}
