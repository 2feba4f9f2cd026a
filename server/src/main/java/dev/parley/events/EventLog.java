package dev.parley.events;

import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import org.jdbi.v3.core.Handle;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append-only event log. Every mutation appends one event inside its own transaction; the
 * event's position is the {@code ETag} of the response. {@link #awaitPosition} lets a read wait
 * until this node has applied a given position ({@code if-event-reached}).
 */
public final class EventLog {
    private final Database database;
    private final AtomicLong applied = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();

    public EventLog(Database database) {
        this.database = database;
        applied.set(database.read(EventLog::lastPosition));
    }

    /** Appends an event in the caller's transaction and returns its position. */
    public long append(Handle h, String type, String conversationId, String actorId) {
        long position = h.createUpdate("""
                        INSERT INTO events (type, conversation_id, actor_id, created_at)
                        VALUES (:type, :conversation, :actor, :now)""")
                .bind("type", type).bind("conversation", conversationId).bind("actor", actorId)
                .bind("now", Clock.nowMillis())
                .executeAndReturnGeneratedKeys("position")
                .mapTo(Long.class)
                .one();
        if (dev.parley.storage.Engine.of(h) == dev.parley.storage.Engine.POSTGRESQL) {
            // delivered to every node's listener when (and only if) the transaction commits
            h.createQuery("SELECT pg_notify('" + EventListener.CHANNEL + "', :p)").bind("p", String.valueOf(position))
                    .mapTo(String.class).one();
        }
        return position;
    }

    /** Records a position another node committed (from a notification or a poll). */
    public void observed(long position) {
        committed(position);
    }

    /** The newest position in the log, read from the database. */
    public long readLastPosition() {
        return database.read(EventLog::lastPosition);
    }

    /** Records that a committed transaction's event is visible to this node's readers. */
    public void committed(long position) {
        applied.accumulateAndGet(position, Math::max);
        lock.lock();
        try {
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public long appliedPosition() {
        return applied.get();
    }

    /**
     * Waits up to {@code timeoutMillis} until {@code position} is applied here; re-reads the log
     * while waiting so that writes by other processes on the same database count too.
     */
    public boolean awaitPosition(long position, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (applied.get() < position) {
            long last = database.read(EventLog::lastPosition);
            applied.accumulateAndGet(last, Math::max);
            if (applied.get() >= position) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            lock.lock();
            try {
                advanced.awaitNanos(Math.min(remaining, 50_000_000));
            } finally {
                lock.unlock();
            }
        }
        return true;
    }

    private static long lastPosition(Handle h) {
        return h.createQuery("SELECT COALESCE(MAX(position), 0) FROM events").mapTo(Long.class).one();
    }
}
