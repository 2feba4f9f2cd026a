package dev.parley.storage;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL notifications ({@code NOTIFY}) that a write asks for, sent after its transaction
 * committed rather than inside it, by one thread per store that sends whatever is waiting in one
 * statement.
 *
 * <p>Why: PostgreSQL serialises the commits of all transactions that {@code NOTIFY}: such a
 * commit holds a database-wide lock from before its commit record is written until that record
 * is flushed to disk, so that notifications queue in commit order. With a notification in every
 * write transaction, only one write could reach the disk at a time and concurrent writes never
 * shared a flush (pgbench, 16 clients inserting one row each: 2,396 commits/s with a
 * {@code pg_notify} inside the transaction, 6,301/s without one). A notification sent on its own
 * after the commit still takes that lock and a flush of its own (PostgreSQL gives the notifying
 * transaction an id), so sending one per write right after its commit cost more than it saved
 * while the database's CPU was the limit (create-message at 1M: 203 against 241 messages/s). So
 * the writer hands its notices to {@link Sender}, and is answered without waiting for them; the
 * sender sends every notice waiting in one transaction that does not wait for its flush
 * ({@code synchronous_commit} off for it alone: a notification is never durable anyway).
 *
 * <p>What it costs: other nodes hear of a write a moment after its writer is answered, and a node
 * that stops between a commit and its notice (or a notice that fails: logged) never sends it. The
 * other nodes then learn of the write as they learn of one whose notification their listener
 * missed: the event log's poll and its look for missing positions ({@code EventListener},
 * {@code EventScanner}), the signals' {@code missed} when the listener reconnects. Listeners
 * never depended on notifications arriving in commit order. {@link Database#close} sends what is
 * still waiting (an admin command's write, just before the process ends).
 *
 * <p>{@link Database#write} collects the notices of its transaction ({@link #collect}) and hands
 * them over after the commit; a transaction of its own ({@link Database#beginWrite}: imports, bulk
 * tools) notifies inside it, as before, since nobody hands them over after it.
 */
public final class CommitNotices {
    private static final Logger LOG = LoggerFactory.getLogger(CommitNotices.class);
    /** The notices of the write transaction running on this thread; null outside {@link Database#write}. */
    private static final ThreadLocal<List<Notice>> PENDING = new ThreadLocal<>();

    private CommitNotices() {
    }

    /** One notification: its channel and payload. */
    record Notice(String channel, String payload) {
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
        List<Notice> pending = PENDING.get();
        if (pending != null) {
            pending.add(new Notice(channel, payload));
        } else {
            // delivered if and when the caller's own transaction commits
            h.createQuery("SELECT pg_notify(:channel, :payload)").bind("channel", channel).bind("payload", payload)
                    .mapTo(String.class).one();
        }
    }

    /**
     * Starts collecting this thread's notices for one write; returns what was being collected
     * before (a write inside a write on PostgreSQL), for {@link #restore}.
     */
    static List<Notice> collect(List<Notice> into) {
        List<Notice> before = PENDING.get();
        PENDING.set(into);
        return before;
    }

    static void restore(List<Notice> before) {
        if (before == null) {
            PENDING.remove();
        } else {
            PENDING.set(before);
        }
    }

    /** The thread that sends committed writes' notices, all that are waiting in one statement. */
    static final class Sender implements AutoCloseable {
        private static final Notice STOP = new Notice("", ""); // compared by identity: wakes the thread to end
        private static final int MAX_BATCH = 500;
        private final Jdbi jdbi;
        private final BlockingQueue<Notice> queue = new LinkedBlockingQueue<>();
        private final Thread thread;
        private volatile boolean closed;

        Sender(Jdbi jdbi) {
            this.jdbi = jdbi;
            this.thread = new Thread(this::run, "parley-notices");
            thread.setDaemon(true);
            thread.start();
        }

        /** Queues the notices of a write that has committed. */
        void committed(List<Notice> notices) {
            if (closed) {
                // the store is closing: send them on the caller's thread rather than drop them
                sendAll(notices);
                return;
            }
            queue.addAll(notices);
        }

        private void run() {
            List<Notice> batch = new ArrayList<>();
            while (true) {
                try {
                    batch.add(queue.take());
                    queue.drainTo(batch, MAX_BATCH - 1);
                } catch (InterruptedException e) {
                    // nothing interrupts this thread on purpose: close() queues STOP
                }
                boolean stop = batch.removeIf(n -> n == STOP);
                if (!batch.isEmpty()) {
                    sendAll(batch);
                    batch.clear();
                }
                if (stop) {
                    return;
                }
            }
        }

        private void sendAll(List<Notice> notices) {
            String[] channels = notices.stream().map(Notice::channel).toArray(String[]::new);
            String[] payloads = notices.stream().map(Notice::payload).toArray(String[]::new);
            try {
                jdbi.useHandle(h -> h.createQuery("""
                                SELECT set_config('synchronous_commit', 'off', true), pg_notify(n.channel, n.payload)
                                FROM unnest(:channels, :payloads) WITH ORDINALITY AS n(channel, payload, i) ORDER BY i""")
                        .bind("channels", channels).bind("payloads", payloads).mapToMap().list());
            } catch (RuntimeException e) {
                if (notices.size() > 1) {
                    notices.forEach(n -> sendAll(List.of(n))); // the others still go
                    return;
                }
                LOG.warn("A committed write's notification on {} could not be sent ({}); the other nodes find the"
                        + " write by their poll", notices.get(0).channel(), e.toString());
            }
        }

        /** Sends what is waiting, then ends the thread. */
        @Override
        public void close() {
            closed = true;
            queue.add(STOP);
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Notice> late = new ArrayList<>(); // queued by a writer that saw the sender still open
            queue.drainTo(late);
            late.removeIf(n -> n == STOP);
            if (!late.isEmpty()) {
                sendAll(late);
            }
        }
    }
}
