package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The body of {@code createMessage}: text (up to 8,000 characters) and/or uploaded files to attach. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateMessageRequest(
        @JsonProperty("messageContent") String messageContent,
        @JsonProperty("fileIds") List<String> fileIds) {

    public CreateMessageRequest {
        fileIds = fileIds == null ? null : List.copyOf(fileIds);
    }

    public static CreateMessageRequest text(String messageContent) {
        return new CreateMessageRequest(messageContent, null);
    }

    public CreateMessageRequest withFileIds(List<String> value) {
        return new CreateMessageRequest(messageContent, value);
    }
}
