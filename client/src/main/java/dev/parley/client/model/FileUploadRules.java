package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What an upload token or upload type accepts (the contract's {@code FileUploadRules});
 * {@code maxSizeInKB} and {@code maxSizeInKb} are deprecated twins of {@code maxSizeInBytes}.
 */
public record FileUploadRules(
        @JsonProperty("extensions") List<String> extensions,
        @JsonProperty("fileTypes") List<FileType> fileTypes,
        @JsonProperty("maxNameLength") Integer maxNameLength,
        @JsonProperty("maxSizeInBytes") Long maxSizeInBytes,
        @JsonProperty("maxSizeInKB") Long maxSizeInKB,
        @JsonProperty("maxSizeInKb") Long maxSizeInKb,
        @JsonProperty("mimeTypes") List<String> mimeTypes,
        @JsonProperty("properties") ImageDimensions.Properties properties) {

    public FileUploadRules {
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
        fileTypes = fileTypes == null ? List.of() : List.copyOf(fileTypes);
        mimeTypes = mimeTypes == null ? List.of() : List.copyOf(mimeTypes);
    }

    /** A MIME type and the file name extensions that go with it. */
    public record FileType(@JsonProperty("mimeType") String mimeType, @JsonProperty("extensions") List<String> extensions) {
        public FileType {
            extensions = extensions == null ? List.of() : List.copyOf(extensions);
        }
    }
}
