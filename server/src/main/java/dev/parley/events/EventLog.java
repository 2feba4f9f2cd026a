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
 *
 * <p>Before a position counts as applied here, the conversations its events (and any before it
 * not seen yet) touched are reported to the {@link ConversationChanges} listener, so a cache of
 * conversations is never behind a position this node has reported.
 */
public final class EventLog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventLog.class);
    private final Database database;
    private final AtomicLong applied = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    /** Guards the scanner; positions are handed to the listener in the order they are learned. */
    private final Object scanLock = new Object();
    private final EventScanner scanner;
    private volatile ConversationChanges changes = ConversationChanges.NONE;
    /**
     * The conversation of each event this node appended (and when), until its commit is
     * reported: the committer then need not read its own event back. An entry of a transaction
     * that rolled back is replaced when its position is taken again (SQLite) or dropped once
     * scanned past: at once by an own commit's fast path, by a scan once it is no longer looked
     * for as a missing position and older than that search lasts.
     */
    private final java.util.concurrent.ConcurrentHashMap<Long, Appended> appended = new java.util.concurrent.ConcurrentHashMap<>();
    private final long holeTtlNanos;

    private record Appended(String conversationId, long atNanos) {
    }

    public EventLog(Database database) {
        this(database, EventScanner.HOLE_TTL_NANOS);
    }

    /** @param holeTtlNanos how long a missing position is looked for again (tests shorten it) */
    EventLog(Database database, long holeTtlNanos) {
        this.database = database;
        this.holeTtlNanos = holeTtlNanos;
        applied.set(database.read(EventLog::lastPosition));
        scanner = new EventScanner(applied.get(), holeTtlNanos);
    }

    /** How many of this node's appends wait for their commit to be reported (tests). */
    int pendingAppends() {
        return appended.size();
    }

    /** Who learns of changed conversations (one listener: this node's conversation cache). */
    public void onConversationChanges(ConversationChanges listener) {
        this.changes = listener;
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
        if (conversationId != null) {
            appended.put(position, new Appended(conversationId, System.nanoTime()));
        } else {
            appended.remove(position);
        }
        return position;
    }

    /** Records a position another node committed (its notification). */
    public void observed(long position) {
        advance(position, true);
    }

    /** Records the log's head as read from the database (a poll): everything up to it is committed. */
    public void observedHead(long position) {
        advance(position, false);
    }

    /** The newest position in the log, read from the database. */
    public long readLastPosition() {
        return database.read(EventLog::lastPosition);
    }

    /**
     * Records that this node committed an event at {@code position}: its conversation is read
     * from the log (below the scanned position too: on PostgreSQL a later position may have
     * committed first).
     */
    public void committed(long position) {
        Appended own = appended.remove(position);
        String conversationId = own == null ? null : own.conversationId();
        if (conversationId != null && reportOwn(position, conversationId)) {
            markApplied(position);
            return;
        }
        advance(position, true);
    }

    /**
     * Reports this node's own committed event without reading it back, where the scanner's
     * state allows: its conversation is known, and the log holds exactly this event there.
     * False when a scan is needed (a gap before it, or positions still missing).
     */
    private boolean reportOwn(long position, String conversationId) {
        synchronized (scanLock) {
            if (position <= scanner.scanned()) {
                // scanned already (a batch's later position reported first): what lookUp would find
                changes.changed(conversationId);
                scanner.found(position);
                return true;
            }
            if (position == scanner.scanned() + 1 && !scanner.hasHoles()) {
                changes.changed(conversationId);
                scanner.skipTo(position);
                appended.keySet().removeIf(p -> p <= position); // rolled back, never to commit
                return true;
            }
            return false;
        }
    }

    /**
     * Reports the conversations of everything up to {@code position} not reported yet, then
     * marks the position applied and wakes the readers waiting for it.
     */
    private void advance(long position, boolean lookUpIfScanned) {
        ConversationChanges listener = changes;
        synchronized (scanLock) {
            try {
                if (position > scanner.scanned()) {
                    database.read(h -> scanner.scanTo(h, position)).forEach(listener::changed);
                    // appends at or below the scan that are no longer looked for as missing and
                    // older than that search lasts were rolled back (a commit reports itself within
                    // moments); only the fast path dropped them, which gaps can keep away for good
                    long now = System.nanoTime();
                    appended.entrySet().removeIf(e -> e.getKey() <= position && !scanner.isHole(e.getKey())
                            && now - e.getValue().atNanos() > holeTtlNanos);
                } else if (lookUpIfScanned) {
                    // a late commit below what was scanned (another node's, notified now)
                    for (String id : database.read(h -> EventScanner.lookUp(h, position))) {
                        if (id != null) {
                            listener.changed(id);
                        }
                    }
                    scanner.found(position);
                }
            } catch (RuntimeException e) {
                // the log could not be read: the write itself is committed, so forget every
                // cached conversation rather than fail it or risk serving one that changed
                LOG.warn("Could not read the event log up to position {} ({}); every cached conversation is dropped",
                        position, e.toString());
                listener.changedAll();
            }
        }
        markApplied(position);
    }

    /** Marks the position applied and wakes the readers waiting for it. */
    private void markApplied(long position) {
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
            observedHead(database.read(EventLog::lastPosition));
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
