package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The answer of {@code requestFileUpload}: a single-use token for {@code file().createFile} and
 * what may be uploaded with it.
 */
public record FileUploadToken(
        @JsonProperty("conversationId") String conversationId,
        @JsonProperty("uploadToken") String uploadToken,
        @JsonProperty("rules") Rules rules) {

    public record Rules(
            @JsonProperty("maxSizeInKB") Long maxSizeInKB,
            @JsonProperty("mimeTypes") List<String> mimeTypes,
            @JsonProperty("properties") ImageDimensions.Properties properties) {

        public Rules {
            mimeTypes = mimeTypes == null ? List.of() : List.copyOf(mimeTypes);
        }
    }
}
