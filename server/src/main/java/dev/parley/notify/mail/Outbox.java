package dev.parley.notify.mail;

import dev.parley.storage.Engine;
import org.jdbi.v3.core.Handle;

import java.util.List;

/**
 * The SQL of {@code mail_events} and {@code mail_outbox}. Claims are safe with several nodes on
 * one PostgreSQL database: rows are picked with {@code FOR UPDATE SKIP LOCKED} (an event is
 * expanded in the transaction that claimed it; a mail is leased to one node until
 * {@code lease_until}, so a node that died leaves its mails to the others once the lease ends).
 */
final class Outbox {
    /** A cheap row the append hook wrote. */
    record PendingEvent(long id, String type, String conversationId, String actorId, String subjectId) {
    }

    /** One mail to send. */
    record Mail(long id, String conversationId, String recipientId, MailKind kind, String subjectId, String actorId,
                String replyTo, int attempts, long createdAt) {
    }

    private Outbox() {
    }

    static List<PendingEvent> claimEvents(Handle h, int limit) {
        String lock = Engine.of(h) == Engine.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        return h.createQuery("""
                        SELECT id, type, conversation_id, actor_id, subject_id FROM mail_events
                        WHERE dispatched_at IS NULL ORDER BY id LIMIT :limit""" + lock)
                .bind("limit", limit)
                .map((rs, ctx) -> new PendingEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .list();
    }

    /** Whether any event waits for the dispatcher (a read, so that an idle node writes nothing). */
    static boolean anyEventWaiting(Handle h) {
        return h.createQuery("SELECT 1 FROM mail_events WHERE dispatched_at IS NULL LIMIT 1").mapTo(Integer.class).findOne().isPresent();
    }

    /** Whether any mail is due and unleased at {@code now} (a read, so that an idle node writes nothing). */
    static boolean anyMailDue(Handle h, long now) {
        return h.createQuery("""
                        SELECT 1 FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= :now
                          AND (lease_until IS NULL OR lease_until < :now) LIMIT 1""")
                .bind("now", now).mapTo(Integer.class).findOne().isPresent();
    }

    /** Forgets mails that were sent, dropped or failed before {@code cutoff}. */
    static int purgeMails(Handle h, long cutoff) {
        return h.createUpdate("DELETE FROM mail_outbox WHERE status <> 'pending' AND created_at < :cutoff")
                .bind("cutoff", cutoff).execute();
    }

    static void markDispatched(Handle h, long eventId, long now) {
        h.createUpdate("UPDATE mail_events SET dispatched_at = :now WHERE id = :id").bind("now", now).bind("id", eventId).execute();
    }

    /** Forgets events dispatched before {@code cutoff} (their mails are rows of their own). */
    static int purgeEvents(Handle h, long cutoff) {
        return h.createUpdate("DELETE FROM mail_events WHERE dispatched_at < :cutoff").bind("cutoff", cutoff).execute();
    }

    static void insert(Handle h, PendingEvent e, String recipientId, MailKind kind, String replyTo, long now) {
        h.createUpdate("""
                        INSERT INTO mail_outbox (mail_event_id, conversation_id, recipient_id, kind, subject_id, actor_id,
                                                 reply_to, next_attempt_at, created_at)
                        VALUES (:event, :conversation, :recipient, :kind, :subject, :actor, :replyTo, :now, :now)
                        ON CONFLICT (mail_event_id, recipient_id) DO NOTHING""")
                .bind("event", e.id()).bind("conversation", e.conversationId()).bind("recipient", recipientId)
                .bind("kind", kind.id()).bind("subject", e.subjectId()).bind("actor", e.actorId())
                .bind("replyTo", replyTo).bind("now", now).execute();
    }

    /** Leases up to {@code limit} due mails to {@code node} until {@code leaseUntil}. */
    static List<Mail> claimDue(Handle h, String node, long now, long leaseUntil, int limit) {
        String lock = Engine.of(h) == Engine.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        List<Long> ids = h.createQuery("""
                        SELECT id FROM mail_outbox
                        WHERE status = 'pending' AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until < :now)
                        ORDER BY next_attempt_at, id LIMIT :limit""" + lock)
                .bind("now", now).bind("limit", limit).mapTo(Long.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        h.createUpdate("UPDATE mail_outbox SET lease_until = :until, lease_owner = :node WHERE id IN (<ids>)")
                .bind("until", leaseUntil).bind("node", node).bindList("ids", ids).execute();
        return h.createQuery("""
                        SELECT id, conversation_id, recipient_id, kind, subject_id, actor_id, reply_to, attempts, created_at
                        FROM mail_outbox WHERE id IN (<ids>) ORDER BY next_attempt_at, id""")
                .bindList("ids", ids)
                .map((rs, ctx) -> new Mail(rs.getLong(1), rs.getString(2), rs.getString(3),
                        MailKind.of(rs.getString(4)).orElseThrow(), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getInt(8), rs.getLong(9)))
                .list();
    }

    static void markSent(Handle h, long id, long now) {
        h.createUpdate("""
                        UPDATE mail_outbox SET status = 'sent', sent_at = :now, attempts = attempts + 1,
                               lease_until = NULL, lease_owner = NULL, last_error = NULL WHERE id = :id""")
                .bind("now", now).bind("id", id).execute();
    }

    /** A mail that will not be sent: the recipient no longer gets it (deactivated, lost access, opted out). */
    static void markDropped(Handle h, long id, String reason) {
        h.createUpdate("""
                        UPDATE mail_outbox SET status = 'dropped', lease_until = NULL, lease_owner = NULL, last_error = :why
                        WHERE id = :id""")
                .bind("why", reason).bind("id", id).execute();
    }

    /** A failed attempt: due again at {@code nextAttempt}, or failed for good when {@code giveUp}. */
    static void markAttemptFailed(Handle h, long id, String error, long nextAttempt, boolean giveUp) {
        h.createUpdate("""
                        UPDATE mail_outbox SET status = :status, attempts = attempts + 1, next_attempt_at = :next,
                               lease_until = NULL, lease_owner = NULL, last_error = :error WHERE id = :id""")
                .bind("status", giveUp ? "failed" : "pending").bind("next", nextAttempt)
                .bind("error", error.length() > 500 ? error.substring(0, 500) : error).bind("id", id).execute();
    }

    /** Hands leased mails back unsent (still due). */
    static int releaseLeases(Handle h, List<Long> ids, String node) {
        return h.createUpdate("""
                        UPDATE mail_outbox SET lease_until = NULL, lease_owner = NULL
                        WHERE id IN (<ids>) AND lease_owner = :node AND status = 'pending'""")
                .bindList("ids", ids).bind("node", node).execute();
    }

    /** Ends every lease (one SQLite node at start: nobody else can hold one). */
    static void releaseAllLeases(Handle h) {
        h.createUpdate("UPDATE mail_outbox SET lease_until = NULL, lease_owner = NULL WHERE status = 'pending'").execute();
    }

}
