package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A stored file's metadata (the contract's {@code FileMeta}); {@code friendlyURL} and
 * {@code type} are the deprecated twins of {@code friendlyUrl} and {@code mimeType}.
 */
public record FileMeta(
        @JsonProperty("id") String id,
        @JsonProperty("shortId") String shortId,
        @JsonProperty("name") String name,
        @JsonProperty("mimeType") String mimeType,
        @JsonProperty("sizeInBytes") Long sizeInBytes,
        @JsonProperty("friendlyUrl") String friendlyUrl,
        @JsonProperty("friendlyURL") String friendlyURL,
        @JsonProperty("type") String type) {
}
