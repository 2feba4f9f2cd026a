package dev.parley.ops;

import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import org.jdbi.v3.core.Handle;

/**
 * The mail and webhook outboxes as seen from outside: how many rows are pending and how long the
 * oldest one that a sender could take now has been waiting past its due time. A healthy sender
 * takes a due row within seconds; a due row waiting for minutes means no node is sending. Rows
 * waiting for their retry time, or (webhooks) behind an earlier delivery of the same conversation,
 * are not due. Read by two cheap indexed queries per outbox, at most every few seconds.
 */
final class OutboxStats {
    /** One outbox now: pending rows and the overdue time of the oldest row a sender could take (0 if none). */
    record Outbox(long pending, long oldestDueMillis) {
    }

    record Snapshot(Outbox mail, Outbox webhook, long headPosition, long at) {
    }

    private static final long CACHE_MILLIS = 5_000;

    private final Database database;
    private volatile Snapshot current;

    OutboxStats(Database database) {
        this.database = database;
    }

    /** The snapshot, read again when older than a few seconds; null when the database cannot be read. */
    synchronized Snapshot snapshot() {
        long now = Clock.nowMillis();
        Snapshot s = current;
        if (s == null || now - s.at() > CACHE_MILLIS) {
            try {
                s = read(now);
            } catch (RuntimeException e) {
                s = null;
            }
            current = s;
        }
        return s;
    }

    Snapshot read(long now) {
        return database.read(h -> new Snapshot(mail(h, now), webhook(h, now),
                dev.parley.events.EventLog.lastPosition(h), now));
    }

    static Outbox mail(Handle h, long now) {
        long pending = h.createQuery("SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending'")
                .mapTo(Long.class).one();
        Long oldest = h.createQuery("""
                        SELECT next_attempt_at FROM mail_outbox
                        WHERE status = 'pending' AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until < :now)
                        ORDER BY next_attempt_at LIMIT 1""")
                .bind("now", now).mapTo(Long.class).findOne().orElse(null);
        return new Outbox(pending, oldest == null ? 0 : now - oldest);
    }

    static Outbox webhook(Handle h, long now) {
        long pending = h.createQuery("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'")
                .mapTo(Long.class).one();
        // a claimed delivery's next_attempt_at is its lease's end; one behind an earlier pending
        // delivery of its hook and conversation waits for that one, however old it is
        Long oldest = h.createQuery("""
                        SELECT d.next_attempt_at FROM webhook_deliveries d
                        WHERE d.status = 'pending' AND d.next_attempt_at <= :now
                          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                                          WHERE e.status = 'pending' AND e.hook_id = d.hook_id
                                            AND e.conversation_id = d.conversation_id
                                            AND e.delivery_id < d.delivery_id)
                        ORDER BY d.next_attempt_at LIMIT 1""")
                .bind("now", now).mapTo(Long.class).findOne().orElse(null);
        return new Outbox(pending, oldest == null ? 0 : now - oldest);
    }
}
