package dev.parley.conversation;

import java.util.List;

/** A conversation as stored. Aggregate references are (domain, aggregate, id) triples. */
public record ConversationRow(
        String conversationId,
        String shortId,
        String title,
        String categoryId,
        String status,
        long createdAt,
        String createdBy,
        String mainUserId,
        String sharedAggregate,
        String sharedId,
        String relatedDomain,
        String relatedAggregate,
        String relatedId,
        List<String> notificationRoles,
        String lastMessageId,
        Long lastMessageAt,
        String lastMessageBy) {

    /** {@code private} when shared with one user (or nobody), {@code shared} otherwise. */
    public String visibility() {
        return sharedAggregate == null || "user".equals(sharedAggregate) ? "private" : "shared";
    }
}
