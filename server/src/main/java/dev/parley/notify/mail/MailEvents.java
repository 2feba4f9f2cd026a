package dev.parley.notify.mail;

import dev.parley.events.AppendedEvent;
import dev.parley.events.EventLog;
import org.jdbi.v3.core.Handle;

/**
 * The event log's append hook for mails: inside the appending transaction, one row in
 * {@code mail_events} for each event that may cause mails (a new conversation, a message that
 * is no staff note, a status change that changed the status), so that the mails commit or roll
 * back with the event. Nothing else happens here: recipients and texts are the dispatcher's.
 */
final class MailEvents implements EventLog.AppendHook {

    @Override
    public void appended(Handle h, AppendedEvent e) {
        if (e.conversationId() == null) {
            return;
        }
        String subject = switch (e.type()) {
            case "ConversationCreated" -> e.conversationId();
            case "MessageCreated" -> e.audience() == null ? e.subjectId() : null;
            case "ConversationStatusChanged" -> statusEntryOf(h, e);
            default -> null;
        };
        if (subject == null) {
            return;
        }
        // ON CONFLICT: a status change that set the same status again names the same entry
        h.createUpdate("""
                        INSERT INTO mail_events (position, type, conversation_id, actor_id, subject_id, created_at)
                        VALUES (:position, :type, :conversation, :actor, :subject, :at) ON CONFLICT (subject_id) DO NOTHING""")
                .bind("position", e.position()).bind("type", e.type()).bind("conversation", e.conversationId())
                .bind("actor", e.actorId()).bind("subject", subject).bind("at", e.createdAt())
                .execute();
    }

    /**
     * The STATUS_UPDATE this status change wrote: the conversation's newest entry, if it is one
     * by the actor from moments ago; null when the status was set to what it already was.
     */
    private static String statusEntryOf(Handle h, AppendedEvent e) {
        return h.createQuery("""
                        SELECT entry_id, type, created_by, created_at FROM timeline_entries
                        WHERE conversation_id = :conversation ORDER BY seq DESC LIMIT 1""")
                .bind("conversation", e.conversationId())
                .map((rs, ctx) -> "STATUS_UPDATE".equals(rs.getString(2)) && e.actorId() != null
                        && e.actorId().equals(rs.getString(3)) && rs.getLong(4) >= e.createdAt() - 60_000
                        ? rs.getString(1) : null)
                .findOne().orElse(null);
    }
}
