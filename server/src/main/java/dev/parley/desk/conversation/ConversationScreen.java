package dev.parley.desk.conversation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Everything a conversation page renders: the conversation (the API's JSON), its timeline, its
 * members, and for staff the assignment, the customer context and the colleagues to assign to.
 * {@code error} holds the messages of a refused form (the API's messages), shown inline.
 */
public record ConversationScreen(JsonNode conversation, List<TimelineItem> timeline, List<String> members,
                                 boolean staff, boolean mayClose, String csrf, String viewerId,
                                 String assigneeId, List<Choice> colleagues, JsonNode context,
                                 List<String> errors, String draft, boolean draftInternal, UploadLimits limits) {

    /** The five statuses, in the order staff pick them. */
    public static final List<String> STATUSES = List.of("open", "inProgress", "waiting", "answered", "closed");

    public String id() {
        return conversation.path("conversationId").asText();
    }

    public String shortId() {
        return conversation.path("shortId").asText();
    }

    public String title() {
        return conversation.path("title").asText();
    }

    public String status() {
        return conversation.path("status").asText();
    }

    public String category() {
        return conversation.path("category").path("name").asText(null);
    }

    public String createdBy() {
        return conversation.path("createdBy").path("clearName").asText();
    }

    public String createdAt() {
        return Times.format(conversation.path("createdAt").asText());
    }

    public String visibility() {
        return conversation.path("sharedWith").path("aggregate").asText("user");
    }

    public String assigneeName() {
        if (assigneeId == null) {
            return null;
        }
        return colleagues.stream().filter(c -> c.id().equals(assigneeId)).map(Choice::name).findFirst()
                .orElse(assigneeId);
    }
}
