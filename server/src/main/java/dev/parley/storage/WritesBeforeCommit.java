package dev.parley.storage;

import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.function.Consumer;

/**
 * Statements a write may leave to the end of its transaction: on SQLite, inside a queued write
 * ({@link GroupCommitWriter}), they run once every write of the batch has run, just before the
 * COMMIT, in the order they were asked for, and only those of writes that were applied (a write
 * that failed was rolled back to its savepoint, and what it deferred is dropped with it).
 * Anywhere else (PostgreSQL, a bulk tool's own transaction) they run at once.
 *
 * <p>Why: SQLite's FTS5 writes the rows it holds in memory as a new segment of its index
 * when a savepoint opens: the next queued write's SAVEPOINT and, as the profiles suggest, the
 * statement savepoint of the next write statement (in a message, the conversation's
 * last-activity UPDATE, whose cost fell from 835 to 177 µs when the rows moved). With a
 * message's index row written in place, each message made a one-row segment, and FTS5's merges
 * of those cost more than the rest of the message (create-message at 1M: 319–476 messages/s
 * with the rows written in place, 623–667 with them left to the end of the batch, 574–759 with
 * no FTS5 rows at all; docs/BENCHMARKS.md). Left to the end, a batch's rows make one segment.
 *
 * <p>What it costs: the work of a write cannot read what it deferred (nothing here does: the
 * index is only read by searches), and a deferred statement that fails fails the whole batch,
 * as a failed COMMIT does: every writer of the batch is told, nothing of it is written.
 */
public final class WritesBeforeCommit {
    /** What the queued write running on this thread deferred; null outside one. */
    private static final ThreadLocal<List<Consumer<Handle>>> PENDING = new ThreadLocal<>();

    private WritesBeforeCommit() {
    }

    /** Runs {@code write} on {@code h} just before its batch commits (SQLite's queued writes), or now. */
    public static void run(Handle h, Consumer<Handle> write) {
        List<Consumer<Handle>> pending = PENDING.get();
        if (pending != null) {
            pending.add(write);
        } else {
            write.accept(h);
        }
    }

    /** Starts collecting this thread's deferred statements into {@code into}; returns what was collected before. */
    static List<Consumer<Handle>> collect(List<Consumer<Handle>> into) {
        List<Consumer<Handle>> before = PENDING.get();
        PENDING.set(into);
        return before;
    }

    static void restore(List<Consumer<Handle>> before) {
        if (before == null) {
            PENDING.remove();
        } else {
            PENDING.set(before);
        }
    }

    /** Runs what the applied writes deferred, in order (nothing is being collected then: they run at once). */
    static void runAll(Handle h, List<Consumer<Handle>> writes) {
        for (Consumer<Handle> write : writes) {
            write.accept(h);
        }
    }
}
