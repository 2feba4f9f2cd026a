package dev.parley.storage;

import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Group commit for SQLite's single writer connection. Callers of {@link #write} queue their work;
 * one thread takes everything queued (up to {@link #MAX_BATCH} items), runs each item in its own
 * SAVEPOINT of one transaction and commits once, so a burst of writes shares one fsync instead of
 * paying one each. What the applied items left to the end ({@link WritesBeforeCommit}) runs after
 * the last of them, before the COMMIT.
 *
 * <ul>
 *   <li>An item that throws is rolled back to its savepoint; only its caller gets the exception
 *       (the same object, checked or not), its neighbours still commit.</li>
 *   <li>A caller is answered only after the COMMIT of its batch returned ({@code synchronous=FULL}:
 *       on disk). If the COMMIT fails, every caller whose item was in it gets that failure.</li>
 *   <li>A caller interrupted while its item is still queued withdraws it (nothing is written,
 *       it gets a {@link ConnectionException}); once the writer has taken the item, the caller
 *       waits for its outcome and keeps its interrupt flag set. An item is never half applied.</li>
 *   <li>{@link #close} lets the batch in progress finish; items still queued fail with a
 *       {@link ConnectionException} saying the database is closed.</li>
 *   <li>While another process holds the database's write lock, an item waits for it at most the
 *       lock wait, counted from when it was queued, then fails with SQLITE_BUSY (a 503); items
 *       queued later keep their own, later deadline and try again. A long-held lock therefore
 *       neither fails writes before their time nor makes the queue wait one lock wait per batch.</li>
 * </ul>
 *
 * <p>Work runs on the writer thread, not the caller's: thread-locals of the caller (such as
 * {@link ReadRoute#CURRENT}) are not seen inside it, and a {@code write} from inside a write is
 * refused (it would wait for itself).
 */
final class GroupCommitWriter implements AutoCloseable {
    static final int MAX_BATCH = 64;
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final String SAVEPOINT = "parley_item";
    private static final long CLOSE_WAIT_SECONDS = 30;
    private static final Item STOP = new Item(h -> null, 0); // wakes the writer at close()

    private final Jdbi jdbi;
    private final long lockWaitNanos;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean closed;
    private volatile Throwable died; // why the writer thread ended other than by close()

    GroupCommitWriter(Jdbi jdbi, String threadName, long lockWaitMillis) {
        this.jdbi = jdbi;
        this.lockWaitNanos = TimeUnit.MILLISECONDS.toNanos(lockWaitMillis);
        this.thread = new Thread(this::run, threadName);
        // an unclosed Database must not keep the JVM alive; callers are only answered after a
        // commit, so ending with the JVM never acknowledges anything that was not written
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues {@code work}, waits until its batch committed (or it failed) and returns its result. */
    <R, X extends Exception> R write(HandleCallback<R, X> work) throws X {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("Database.write was called inside a write on SQLite; "
                    + "use the Handle of the outer write instead");
        }
        if (closed) {
            throw closedError();
        }
        Item item = new Item(work, System.nanoTime() + lockWaitNanos);
        queue.add(item);
        // close() may have drained the queue between the check above and add(): withdraw again
        if (closed && item.withdraw()) {
            throw closedError();
        }
        boolean interrupted = false;
        while (true) {
            try {
                item.done.await();
                break;
            } catch (InterruptedException e) {
                if (item.withdraw()) {
                    Thread.currentThread().interrupt();
                    throw new ConnectionException(new SQLTransientConnectionException(
                            "Interrupted while waiting for the database writer; nothing was written", e));
                }
                interrupted = true; // taken by the writer: its outcome is decided, wait for it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (item.failure != null) {
            throw Item.<RuntimeException>sneaky(item.failure); // work's own exception: an X, unchecked, or an Error
        }
        @SuppressWarnings("unchecked")
        R result = (R) item.result;
        return result;
    }

    /** Batches committed so far (tests). */
    long commits() {
        return commits.get();
    }

    /** Whether {@link #close} was called (tests). */
    boolean closed() {
        return closed;
    }

    /** Items waiting to be taken by the writer (tests). */
    int queued() {
        return queue.size();
    }

    private void run() {
        List<Item> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (!closed) {
                Thread.interrupted(); // a work item's stray interrupt must not break the next batch
                Item first;
                try {
                    first = queue.take();
                } catch (InterruptedException e) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                batch.removeIf(item -> item == STOP);
                if (closed) {
                    break; // the items taken are failed below
                }
                runBatch(batch);
                batch.clear();
            }
        } catch (Throwable e) {
            died = e;
            LOG.error("The database writer stopped: {}", e.toString(), e);
            closed = true;
        } finally {
            // items taken but not run (closed meanwhile, or the writer died), and those still queued
            Throwable why = closedError();
            failAll(batch, why);
            for (Item item; (item = queue.poll()) != null; ) {
                item.fail(why);
            }
        }
    }

    /** Told the size of every batch taken from the queue (metrics); does nothing by default. */
    void onBatch(java.util.function.IntConsumer listener) {
        batchSizes = listener;
    }

    private volatile java.util.function.IntConsumer batchSizes = size -> { };

    /** Reads {@code watch}'s value before every commit of a batch and tells it after (see {@link CommitWatch}). */
    void watch(CommitWatch watch) {
        this.watch = watch;
    }

    private volatile CommitWatch watch; // null: nothing watched

    private void runBatch(List<Item> batch) {
        batchSizes.accept(batch.size());
        Deque<Item> remaining = new ArrayDeque<>(batch.size());
        for (Item item : batch) {
            if (item.take()) {
                remaining.add(item);
            }
        }
        while (!remaining.isEmpty()) {
            transaction(remaining);
        }
    }

    /**
     * Runs items from the head of {@code remaining} in one transaction and commits them. Every
     * call answers at least one item for good, so {@link #runBatch}'s loop ends.
     */
    private void transaction(Deque<Item> remaining) {
        List<Item> applied = new ArrayList<>(remaining.size());
        List<Consumer<Handle>> beforeCommit = new ArrayList<>(); // the applied items' WritesBeforeCommit
        Handle h = null;
        boolean committed = false;
        CommitWatch watching = watch;
        long watched = 0;
        try {
            h = jdbi.open();
            try {
                // wait for another process's write lock no longer than the first deadline here
                SqliteTransactions.beginImmediate(h, TimeUnit.NANOSECONDS.toMillis(
                        remaining.stream().mapToLong(i -> i.deadline).min().orElseThrow() - System.nanoTime()));
            } catch (RuntimeException e) {
                if (StorageFaults.classify(e) != StorageFaults.Kind.DATABASE_BUSY) {
                    throw e;
                }
                rollBackQuietly(h);
                failExpired(remaining, e);
                return; // the items whose time is not up try again
            }
            while (!remaining.isEmpty()) {
                Item item = remaining.peekFirst();
                h.savepoint(SAVEPOINT);
                remaining.removeFirst();
                List<Consumer<Handle>> deferred = new ArrayList<>(2);
                List<Consumer<Handle>> outer = WritesBeforeCommit.collect(deferred);
                try {
                    item.result = item.work.withHandle(h);
                    h.release(SAVEPOINT);
                    applied.add(item);
                    beforeCommit.addAll(deferred);
                } catch (Throwable e) {
                    item.result = null;
                    item.failure = e;
                    item.finish(); // its own failure: nothing of it will be committed
                    if (!rollBackTo(h)) {
                        // SQLite rolled the whole transaction back itself (disk full, I/O error):
                        // the items applied before are gone too. Run them again in a new
                        // transaction (work has no effects outside it, as for PostgreSQL retries).
                        for (int i = applied.size() - 1; i >= 0; i--) {
                            remaining.addFirst(applied.get(i));
                        }
                        rollBackQuietly(h);
                        return;
                    }
                } finally {
                    WritesBeforeCommit.restore(outer);
                }
            }
            WritesBeforeCommit.runAll(h, beforeCommit); // outside every item's savepoint (see WritesBeforeCommit)
            if (watching != null && !applied.isEmpty()) {
                watched = watching.beforeCommit(h); // one read for the whole batch, under the write lock
            }
            h.commit();
            committed = true;
        } catch (Throwable e) {
            // no connection, or BEGIN, a SAVEPOINT or the COMMIT failed (busy, disk full, a
            // deferred constraint): nothing of these items is written, and each caller is told
            if (h != null) {
                rollBackQuietly(h);
            }
            failAll(applied, e);
            failAll(remaining, e);
            remaining.clear();
        } finally {
            if (h != null) {
                closeQuietly(h);
            }
        }
        if (committed) {
            commits.incrementAndGet();
            if (watching != null && !applied.isEmpty()) {
                try {
                    watching.committed(watched); // before any caller is answered
                } catch (RuntimeException e) {
                    LOG.warn("A commit watch failed: {}", e.toString());
                }
            }
            for (Item item : applied) {
                item.finish();
            }
        }
    }

    /**
     * After BEGIN found the database locked: fails the items whose lock wait is over (at least
     * the first, whose deadline is the earliest as items stay in queue order, so that the batch
     * ends however the clock went) and leaves the rest to try again.
     */
    private static void failExpired(Deque<Item> remaining, Throwable busy) {
        long now = System.nanoTime();
        boolean first = true;
        for (java.util.Iterator<Item> it = remaining.iterator(); it.hasNext(); ) {
            Item item = it.next();
            if (first || item.deadline - now <= 0) {
                item.fail(busy);
                it.remove();
            }
            first = false;
        }
    }

    private static boolean rollBackTo(Handle h) {
        try {
            h.rollbackToSavepoint(SAVEPOINT);
            // Jdbi forgets the savepoint once rolled back to (its release would throw), but SQLite
            // keeps it open until it is released
            h.execute("RELEASE SAVEPOINT " + SAVEPOINT);
            return true;
        } catch (RuntimeException transactionGone) {
            return false;
        }
    }

    private static void rollBackQuietly(Handle h) {
        try {
            if (h.isInTransaction()) {
                h.rollback();
            }
        } catch (RuntimeException ignored) {
            // the connection is broken or the transaction already gone: nothing left to undo
        }
    }

    private static void closeQuietly(Handle h) {
        try {
            h.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing the writer's handle failed: {}", e.toString());
        }
    }

    private static void failAll(Iterable<Item> items, Throwable e) {
        for (Item item : items) {
            item.fail(e);
        }
    }

    private ConnectionException closedError() {
        String why = died == null ? "" : " (the writer stopped: " + died + ")";
        return new ConnectionException(new SQLTransientConnectionException(
                "The database is closed; this write was not run" + why));
    }

    /** Stops the writer: the batch in progress finishes, queued items fail. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            if (thread.isAlive()) {
                LOG.warn("The database writer did not finish its batch within {} s", CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Item item; (item = queue.poll()) != null; ) {
            item.fail(closedError());
        }
    }

    /** One caller's work and, once done, its outcome. */
    private static final class Item {
        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int WITHDRAWN = 2;

        final HandleCallback<?, ?> work;
        /** When its wait for another process's write lock is over ({@link System#nanoTime()}). */
        final long deadline;
        final AtomicInteger state = new AtomicInteger(QUEUED);
        final CountDownLatch done = new CountDownLatch(1);
        // written by the writer before done.countDown(), read by the caller after await()
        Object result;
        Throwable failure;

        Item(HandleCallback<?, ?> work, long deadline) {
            this.work = work;
            this.deadline = deadline;
        }

        /** The writer claims the item; false when its caller withdrew it. */
        boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }

        /** The caller withdraws the item; false when the writer has it already. */
        boolean withdraw() {
            return state.compareAndSet(QUEUED, WITHDRAWN);
        }

        /** Answers the item with {@code e}, unless its caller withdrew it or it was answered already. */
        void fail(Throwable e) {
            if ((!take() && state.get() == WITHDRAWN) || done.getCount() == 0) {
                return;
            }
            result = null;
            failure = e;
            done.countDown();
        }

        void finish() {
            done.countDown();
        }

        @SuppressWarnings("unchecked")
        static <E extends Throwable> E sneaky(Throwable e) throws E {
            throw (E) e;
        }
    }
}
