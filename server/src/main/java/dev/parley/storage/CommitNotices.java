package dev.parley.storage;

import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL notifications ({@code NOTIFY}) that a write asks for, sent right after its
 * transaction commits rather than inside it.
 *
 * <p>Why: PostgreSQL serialises the commits of all transactions that {@code NOTIFY}: such a
 * commit holds a database-wide lock from before its commit record is written until that record
 * is flushed to disk, so that notifications queue in commit order. With a notification in every
 * write transaction only one write could reach the disk at a time, and concurrent writes never
 * shared a flush (pgbench, 16 clients inserting one row each, fsync 3 ms: 447 commits/s with a
 * {@code pg_notify} inside the transaction, 2,592/s with it sent after the commit). Sent after
 * the commit, the notification is a transaction of its own that writes nothing and waits for no
 * flush.
 *
 * <p>What it costs: a node that stops between a commit and its notification never sends it, and
 * a notification that fails after the commit is not retried (the write is committed; its caller
 * is answered as usual, and a warning logged). The other nodes then learn of the write as they
 * learn of one whose notification their listening connection missed: the event log's poll and
 * its look for missing positions ({@code EventListener}, {@code EventScanner}), the signals'
 * {@code missed} when the listener reconnects. Listeners never depended on a notification
 * arriving in commit order.
 *
 * <p>{@link Database#write} collects the notices of its transaction ({@link #collect}) and sends
 * them after the commit; a transaction of its own ({@link Database#beginWrite}: imports, bulk
 * tools) notifies inside it, as before, since nobody sends them after it.
 */
public final class CommitNotices {
    private static final Logger LOG = LoggerFactory.getLogger(CommitNotices.class);
    /** The notices of the write transaction running on this thread; null outside {@link Database#write}. */
    private static final ThreadLocal<List<String[]>> PENDING = new ThreadLocal<>();

    private CommitNotices() {
    }

    /**
     * Notifies {@code channel} with {@code payload} (PostgreSQL; nothing on SQLite, whose one node
     * is told by the writer itself) once the transaction of {@code h} commits, and never if it
     * rolls back.
     */
    public static void send(Handle h, String channel, String payload) {
        if (Engine.of(h) != Engine.POSTGRESQL) {
            return;
        }
        List<String[]> pending = PENDING.get();
        if (pending != null) {
            pending.add(new String[]{channel, payload});
        } else {
            notify(h, channel, payload); // delivered if and when the caller's own transaction commits
        }
    }

    /**
     * Starts collecting this thread's notices for one transaction attempt; returns what was being
     * collected before (a write inside a write on PostgreSQL), for {@link #restore}.
     */
    static List<String[]> collect(List<String[]> into) {
        List<String[]> before = PENDING.get();
        PENDING.set(into);
        return before;
    }

    static void restore(List<String[]> before) {
        if (before == null) {
            PENDING.remove();
        } else {
            PENDING.set(before);
        }
    }

    /**
     * Sends {@code notices} on {@code h}, whose transaction has committed (auto-commit again: each
     * is a transaction of its own). A failure is logged, not thrown: the write stands.
     */
    static void sendCommitted(Handle h, List<String[]> notices) {
        for (String[] notice : notices) {
            try {
                notify(h, notice[0], notice[1]);
            } catch (RuntimeException e) {
                LOG.warn("A committed write's notification on {} could not be sent ({}); the other nodes find the"
                        + " write by their poll", notice[0], e.toString());
            }
        }
    }

    private static void notify(Handle h, String channel, String payload) {
        h.createQuery("SELECT pg_notify(:channel, :payload)").bind("channel", channel).bind("payload", payload)
                .mapTo(String.class).one();
    }
}
