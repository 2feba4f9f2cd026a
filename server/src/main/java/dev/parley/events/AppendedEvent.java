package dev.parley.events;

/**
 * One event as it is appended, handed to the {@link EventLog#onAppend append hooks} inside the
 * appending transaction (outboxes of mail and webhooks write their rows there, so that they
 * commit or roll back with the event).
 *
 * @param subjectId the message or file the event is about, or null
 * @param audience  {@link EventLog#STAFF}, {@link EventLog#ACTOR}, or null for everyone who sees the conversation
 */
public record AppendedEvent(long position, String type, String conversationId, String actorId,
                            String subjectId, String audience, long createdAt) {
}
