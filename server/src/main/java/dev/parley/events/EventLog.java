package dev.parley.events;

import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The append-only event log. Every mutation appends one event inside its own transaction; the
 * event's position is the {@code ETag} of the response. {@link #reach} brings this node up to a
 * position a read asks for ({@code if-event-reached}), or says that no such position exists yet.
 *
 * <p>Before a position counts as applied here, the conversations its events (and any before it
 * not seen yet) touched are reported to the {@link ConversationChanges} listener, so a cache of
 * conversations is never behind a position this node has reported.
 */
public final class EventLog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventLog.class);
    private final Database database;
    private final AtomicLong applied = new AtomicLong();
    /** Guards the scanner; positions are handed to the listener in the order they are learned. */
    private final java.util.concurrent.locks.ReentrantLock scanLock = new java.util.concurrent.locks.ReentrantLock();
    private final EventScanner scanner;
    /**
     * The lowest position a scan found missing and still looks for (Long.MAX_VALUE: none), so
     * that {@link #reach} takes the scan lock only for a position that may have committed late.
     */
    private volatile long lowestHole = Long.MAX_VALUE;
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
    /**
     * PostgreSQL: positions this node committed and reported itself, until their own notification
     * comes back through the listener, which then has nothing to look up. Without it every own
     * write cost the listening thread a read of the log under the scan lock, and committers queued
     * behind it (a profile of 32 writers: over half of their time waiting for that lock). Entries
     * whose notification never came back (lost) are dropped once far behind the newest.
     */
    private final java.util.concurrent.ConcurrentSkipListSet<Long> reportedOwn = new java.util.concurrent.ConcurrentSkipListSet<>();
    /** How far (in positions) below the newest own commit an unreturned notification is still waited for. */
    static final long OWN_NOTICE_SPAN = 100_000;
    private final boolean notified;
    /** Told every newly applied position (live streams); called on the thread that applied it, so it must be quick. */
    private final List<java.util.function.LongConsumer> appliedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Called inside each appending transaction (outboxes); see {@link #onAppend}. */
    private final List<AppendHook> appendHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Work that must commit or roll back with an event: it runs in the event's transaction. */
    @FunctionalInterface
    public interface AppendHook {
        void appended(Handle h, AppendedEvent event);
    }

    /** An event only employees receive live (a staff note and what concerns it). */
    public static final String STAFF = "staff";
    /** An event only its actor and employees receive live (an upload not attached yet). */
    public static final String ACTOR = "actor";

    private record Appended(String conversationId, long atNanos) {
    }

    public EventLog(Database database) {
        this(database, EventScanner.HOLE_TTL_NANOS);
    }

    /** @param holeTtlNanos how long a missing position is looked for again (tests shorten it) */
    EventLog(Database database, long holeTtlNanos) {
        this.database = database;
        this.holeTtlNanos = holeTtlNanos;
        this.notified = database.engine() == dev.parley.storage.Engine.POSTGRESQL;
        applied.set(database.read(EventLog::lastPosition));
        scanner = new EventScanner(applied.get(), holeTtlNanos);
    }

    /** How many of this node's appends wait for their commit to be reported (tests). */
    int pendingAppends() {
        return appended.size();
    }

    /**
     * Adds a listener of changed conversations (this node's conversation cache, the search
     * index); each is told before the position counts as applied.
     */
    public void onConversationChanges(ConversationChanges listener) {
        this.changes = ConversationChanges.both(changes, listener);
    }

    /** Appends an event in the caller's transaction and returns its position. */
    public long append(Handle h, String type, String conversationId, String actorId) {
        return append(h, type, conversationId, actorId, null, null);
    }

    /**
     * Appends an event about one message or file ({@code subjectId}) with a narrower audience
     * than the conversation's ({@code audience}: {@link #STAFF}, {@link #ACTOR}, or null for
     * everyone who sees the conversation); live streams decide delivery from them (V11).
     */
    public long append(Handle h, String type, String conversationId, String actorId, String subjectId, String audience) {
        long now = Clock.nowMillis();
        // RETURNING, not the driver's generated keys: SQLite's driver answers those with a second
        // query (and parses the SQL to find the table) on the writer's thread
        long position = h.createQuery("""
                        INSERT INTO events (type, conversation_id, actor_id, created_at, subject_id, audience)
                        VALUES (:type, :conversation, :actor, :now, :subject, :audience) RETURNING position""")
                .bind("type", type).bind("conversation", conversationId).bind("actor", actorId)
                .bind("now", now).bind("subject", subjectId).bind("audience", audience)
                .mapTo(Long.class)
                .one();
        // every node's listener is told when (and only if) the transaction commits
        dev.parley.storage.CommitNotices.send(h, EventListener.CHANNEL, String.valueOf(position));
        if (!appendHooks.isEmpty()) {
            AppendedEvent event = new AppendedEvent(position, type, conversationId, actorId, subjectId, audience, now);
            for (AppendHook hook : appendHooks) {
                hook.appended(h, event);
            }
        }
        if (conversationId != null) {
            appended.put(position, new Appended(conversationId, System.nanoTime()));
        } else {
            appended.remove(position);
        }
        return position;
    }

    /**
     * Adds work to run inside every appending transaction, after the event's row is written
     * (an outbox's rows). A hook that throws rolls the write back: an event whose outbox rows
     * could not be written is not acknowledged either.
     */
    public void onAppend(AppendHook hook) {
        appendHooks.add(hook);
    }

    /** Records a position another node committed (its notification). */
    public void observed(long position) {
        if (reportedOwn.remove(position)) {
            return; // this node's own commit, reported and applied when it committed
        }
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
        if (conversationId != null && reportOwn(position, conversationId, !notified)) {
            markApplied(position);
            if (notified) {
                rememberOwn(position); // its notification brings nothing new
            }
        } else if (conversationId != null && notified) {
            // PostgreSQL, with positions before this one not seen yet (writers commit out of order)
            // or a scan under way: this node's caches drop the conversation now (its writer reads
            // its write here at once), and the position counts as applied once the listener has
            // read the log up to it on the commit's notification, or a read asking for it has
            // (reach). Committers never wait for each other's reads of the log: with 32 writers
            // they spent over half their time queued for the scan lock.
            changes.changed(conversationId);
        } else {
            advance(position, true);
        }
    }

    private void rememberOwn(long position) {
        reportedOwn.add(position);
        reportedOwn.headSet(position - OWN_NOTICE_SPAN).clear();
    }

    /** Runs {@code work} holding the scan lock, as a scan does (tests). */
    void holdScanLockFor(Interruptible work) throws InterruptedException {
        scanLock.lock();
        try {
            work.run();
        } finally {
            scanLock.unlock();
        }
    }

    /** Work that may be interrupted (tests). */
    interface Interruptible {
        void run() throws InterruptedException;
    }

    /** Own commits whose notification has not come back yet (tests). */
    int ownAwaitingNotice() {
        return reportedOwn.size();
    }

    /**
     * Reports this node's own committed event without reading it back, where the scanner's
     * state allows: its conversation is known, and the log holds exactly this event there.
     * False when a scan is needed (a gap before it, or positions still missing).
     */
    private boolean reportOwn(long position, String conversationId, boolean waitForScans) {
        if (waitForScans) {
            scanLock.lock();
        } else if (!scanLock.tryLock()) {
            return false; // a scan is under way (reading the log): see committed
        }
        try {
            if (position <= scanner.scanned()) {
                // scanned already (a batch's later position reported first): what lookUp would find
                changes.changed(conversationId);
                scanner.found(position);
                lowestHole = scanner.lowestHole();
                return true;
            }
            if (position == scanner.scanned() + 1 && !scanner.hasHoles()) {
                changes.changed(conversationId);
                scanner.skipTo(position);
                appended.keySet().removeIf(p -> p <= position); // rolled back, never to commit
                return true;
            }
            return false;
        } finally {
            scanLock.unlock();
        }
    }

    /**
     * Reports the conversations of everything up to {@code position} not reported yet, then
     * marks the position applied and wakes the readers waiting for it.
     */
    private void advance(long position, boolean lookUpIfScanned) {
        ConversationChanges listener = changes;
        scanLock.lock();
        try {
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
            lowestHole = scanner.lowestHole();
        } finally {
            scanLock.unlock();
        }
        markApplied(position);
    }

    /** Marks the position applied and tells the listeners of applied positions. */
    private void markApplied(long position) {
        applied.accumulateAndGet(position, Math::max);
        for (java.util.function.LongConsumer listener : appliedListeners) {
            listener.accept(position);
        }
    }

    /**
     * Who learns that positions were applied on this node (its own commits, other nodes'
     * notifications and polls); a position may be told more than once and, on PostgreSQL,
     * after a later one. The listener must not block: it is called on request threads.
     */
    public void onApplied(java.util.function.LongConsumer listener) {
        appliedListeners.add(listener);
    }

    public long appliedPosition() {
        return applied.get();
    }

    /**
     * Whether {@code position} is applied here, catching up first when this node is behind: false
     * only when the position is past the newest one the database has assigned, which no client
     * can have been given (an ETag is sent after its transaction committed, on the primary this
     * reads). Never waits: at most one read of the log's head, and a scan of what this node has
     * not seen yet (or a look-up of one position that committed after a scan found it missing).
     */
    public boolean reach(long position) {
        if (applied.get() < position) {
            long head = readLastPosition();
            if (head < position) {
                return false;
            }
            observedHead(head);
        }
        if (position >= lowestHole) {
            reportIfCommittedLate(position);
        }
        return true;
    }

    /**
     * A position at or below the applied one that a scan found missing (on PostgreSQL a later
     * position committed first): if it has committed since, its conversation is reported now
     * rather than when its notification arrives, so that the read asking for it sees its write.
     */
    private void reportIfCommittedLate(long position) {
        ConversationChanges listener = changes;
        scanLock.lock();
        try {
            if (!scanner.isHole(position)) {
                return;
            }
            List<String> found = database.read(h -> EventScanner.lookUp(h, position));
            if (found.isEmpty()) {
                return; // not committed (a guess, or rolled back): nothing to see, still looked for
            }
            for (String id : found) {
                if (id != null) {
                    listener.changed(id);
                }
            }
            scanner.found(position);
            lowestHole = scanner.lowestHole();
        } finally {
            scanLock.unlock();
        }
    }

    /** The newest position of the log (0 when empty), in the caller's transaction. */
    public static long lastPosition(Handle h) {
        return h.createQuery("SELECT COALESCE(MAX(position), 0) FROM events").mapTo(Long.class).one();
    }
}
