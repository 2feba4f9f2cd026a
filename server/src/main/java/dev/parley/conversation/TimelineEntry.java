package dev.parley.conversation;

/** One entry of a conversation's timeline: a MESSAGE or a STATUS_UPDATE. */
public record TimelineEntry(String entryId, String conversationId, long seq, String type, long createdAt,
                            String createdBy, String content, boolean internal, Long editedAt) {
}
