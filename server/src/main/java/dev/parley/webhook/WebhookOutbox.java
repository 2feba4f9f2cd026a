package dev.parley.webhook;

import dev.parley.events.AppendedEvent;
import dev.parley.events.EventLog;
import org.jdbi.v3.core.Handle;

/**
 * The append hook: inside the transaction that appends an event, one delivery row per hook
 * that may receive it (one {@code INSERT … SELECT} from {@code webhooks}; nothing when there are
 * none), and for a new message one more per attached file. So a delivery commits or rolls back
 * with its event and none is lost on a crash. Nothing is rendered here: the sender renders the
 * payload at the first attempt.
 *
 * <p>Who may receive: a global hook (no customer) every event it asked for; a customer's hook
 * only events of conversations shared with that customer, one of its projects or one of its
 * placement groups, and never a staff-only event (internal notes, their files, assignments).
 */
final class WebhookOutbox implements EventLog.AppendHook {

    /** The customer whose side sees the conversation (NULL when it is shared with a user or nobody). */
    private static final String SHARED_CUSTOMER = """
            (SELECT CASE c.shared_aggregate
                        WHEN 'customer' THEN c.shared_id
                        WHEN 'project' THEN (SELECT p.customer_id FROM projects p WHERE p.project_id = c.shared_id)
                        WHEN 'placementgroup' THEN (SELECT g.customer_id FROM placement_groups g
                                                    WHERE g.placement_group_id = c.shared_id)
                    END
             FROM conversations c WHERE c.conversation_id = :conversation)""";

    private static final String MATCHING = """
            (w.events IS NULL OR w.events LIKE :pattern)
            AND (w.customer_id IS NULL OR (:staffOnly = 0 AND w.customer_id = """ + SHARED_CUSTOMER + "))";

    private static final String INSERT = """
            INSERT INTO webhook_deliveries (hook_id, event_position, event_type, conversation_id, message_id, file_id,
                                            event_at, queued_at, next_attempt_at)
            """;

    /** One delivery per matching hook. */
    private static final String EVENT_ROWS = INSERT
            + "SELECT w.hook_id, :position, :type, :conversation, CAST(:message AS TEXT), NULL, :at, :at, :at"
            + " FROM webhooks w WHERE " + MATCHING;

    /** One delivery per matching hook and file of the message, after the message's own. */
    private static final String FILE_ROWS = INSERT
            + "SELECT w.hook_id, :position, :type, :conversation, CAST(:message AS TEXT), f.file_id, :at, :at, :at"
            + " FROM webhooks w JOIN files f ON f.message_id = :message WHERE " + MATCHING
            + " ORDER BY f.created_at, f.file_id";

    @Override
    public void appended(Handle h, AppendedEvent event) {
        String type = WebhookEvents.of(event.type());
        if (type == null || event.conversationId() == null) {
            return;
        }
        // most stores have no hook: one look at the table instead of two INSERT … SELECTs, which
        // with no hook still cost SQLite's writer 132 µs, 17 % of a message's time, at 1M (the
        // profile shows it inside SQLite's step); in the event's own transaction, so it sees what
        // the statements would have seen
        if (!h.createQuery("SELECT EXISTS (SELECT 1 FROM webhooks)").mapTo(Boolean.class).one()) {
            return;
        }
        boolean staffOnly = EventLog.STAFF.equals(event.audience()) || WebhookEvents.ASSIGNED.equals(type);
        boolean message = WebhookEvents.MESSAGE_CREATED.equals(type);
        String messageId = message ? event.subjectId() : null;
        insert(h, EVENT_ROWS, event, type, messageId, staffOnly);
        if (message) {
            // only where the message itself may go: the same audience rule
            insert(h, FILE_ROWS, event, WebhookEvents.FILE_ATTACHED, messageId, staffOnly);
        }
    }

    private static void insert(Handle h, String sql, AppendedEvent event, String type, String messageId, boolean staffOnly) {
        h.createUpdate(sql)
                .bind("position", event.position()).bind("type", type)
                .bind("conversation", event.conversationId())
                .bind("message", messageId)
                .bind("at", event.createdAt())
                .bind("pattern", "%," + type + ",%")
                .bind("staffOnly", staffOnly ? 1 : 0)
                .execute();
    }
}
