package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code updateConversation}: only the fields set are changed (and sent). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpdateConversationRequest(
        @JsonProperty("title") String title,
        @JsonProperty("categoryId") String categoryId,
        @JsonProperty("relatedTo") RelatedAggregateReference relatedTo) {

    public static UpdateConversationRequest title(String title) {
        return new UpdateConversationRequest(title, null, null);
    }

    public UpdateConversationRequest withTitle(String value) {
        return new UpdateConversationRequest(value, categoryId, relatedTo);
    }

    public UpdateConversationRequest withCategoryId(String value) {
        return new UpdateConversationRequest(title, value, relatedTo);
    }

    public UpdateConversationRequest withRelatedTo(RelatedAggregateReference value) {
        return new UpdateConversationRequest(title, categoryId, value);
    }
}
