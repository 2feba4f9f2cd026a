package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;

/** An attachment of a message (the contract's {@code File}), told apart by {@code status}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "status")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ConversationFile.Requested.class, name = "requested"),
        @JsonSubTypes.Type(value = ConversationFile.Uploaded.class, name = "uploaded"),
        @JsonSubTypes.Type(value = ConversationFile.Deleted.class, name = "deleted")
})
public sealed interface ConversationFile {
    String id();

    /** Announced but not uploaded yet (the contract's {@code RequestedFile}). */
    record Requested(@JsonProperty("id") String id) implements ConversationFile {
    }

    /** Uploaded and attached; {@code type} is its MIME type (the contract's {@code UploadedFile}). */
    record Uploaded(
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("type") String type) implements ConversationFile {
    }

    /** Removed by staff (the contract's {@code DeletedFile}). */
    record Deleted(
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("type") String type,
            @JsonProperty("deletionDate") Instant deletionDate) implements ConversationFile {
    }
}
