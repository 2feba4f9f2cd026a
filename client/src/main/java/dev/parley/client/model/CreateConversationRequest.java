package dev.parley.client.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;

/**
 * The body of {@code createConversation}. Start with {@link #of(String, String)} and add what
 * else applies with the {@code with…} methods; unset fields are not sent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateConversationRequest(
        @JsonProperty("title") String title,
        @JsonProperty("categoryId") String categoryId,
        @JsonProperty("messageContent") String messageContent,
        @JsonProperty("mainUserId") String mainUserId,
        @JsonProperty("sharedWith") ShareableAggregateReference sharedWith,
        @JsonProperty("relatedTo") RelatedAggregateReference relatedTo,
        @JsonProperty("notificationRoles") List<NotificationRole> notificationRoles) {

    public CreateConversationRequest {
        notificationRoles = notificationRoles == null ? null : List.copyOf(notificationRoles);
        if (notificationRoles != null && notificationRoles.contains(NotificationRole.UNKNOWN)) {
            throw new IllegalArgumentException("UNKNOWN is not a role that can be sent");
        }
    }

    public static CreateConversationRequest of(String title, String categoryId) {
        return new CreateConversationRequest(Objects.requireNonNull(title, "title"), categoryId, null, null, null, null, null);
    }

    /** The first message (up to 8,000 characters). */
    public CreateConversationRequest withMessageContent(String value) {
        return new CreateConversationRequest(title, categoryId, value, mainUserId, sharedWith, relatedTo, notificationRoles);
    }

    public CreateConversationRequest withMainUserId(String value) {
        return new CreateConversationRequest(title, categoryId, messageContent, value, sharedWith, relatedTo, notificationRoles);
    }

    public CreateConversationRequest withSharedWith(ShareableAggregateReference value) {
        return new CreateConversationRequest(title, categoryId, messageContent, mainUserId, value, relatedTo, notificationRoles);
    }

    public CreateConversationRequest withRelatedTo(RelatedAggregateReference value) {
        return new CreateConversationRequest(title, categoryId, messageContent, mainUserId, sharedWith, value, notificationRoles);
    }

    public CreateConversationRequest withNotificationRoles(List<NotificationRole> value) {
        return new CreateConversationRequest(title, categoryId, messageContent, mainUserId, sharedWith, relatedTo, value);
    }
}
