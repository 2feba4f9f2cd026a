package dev.parley.storage;

import dev.parley.events.EventLog;
import dev.parley.testing.TestDatabase;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.HandleCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Group commit on SQLite, batch by batch: a "gate" write holds the writer thread until the test
 * has queued the writes it wants in one batch, so which writes share a transaction is certain,
 * not left to timing. (SQLite only: the PostgreSQL run skips it; {@link DatabaseWriteTest} covers
 * what both engines share.)
 */
class GroupCommitWriterTest {
    @TempDir
    Path dir;
    private Database db;
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @BeforeEach
    void open() {
        assumeFalse(TestDatabase.isPostgresql(), "group commit is SQLite's");
        db = Database.open("jdbc:sqlite:" + dir.resolve("parley.db"));
        db.write(h -> {
            h.execute("CREATE TABLE gc_rows (id TEXT PRIMARY KEY, payload TEXT NOT NULL)");
            h.execute("CREATE TABLE gc_parent (id TEXT PRIMARY KEY)");
            h.execute("CREATE TABLE gc_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, what TEXT NOT NULL UNIQUE)");
            h.execute("CREATE TABLE gc_child (id TEXT PRIMARY KEY,"
                    + " parent TEXT NOT NULL REFERENCES gc_parent (id) DEFERRABLE INITIALLY DEFERRED)");
            return null;
        });
    }

    @AfterEach
    void close() throws InterruptedException {
        callers.shutdownNow();
        assertThat(callers.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        if (db != null) {
            db.close();
        }
    }

    /** Holds the writer thread inside a write of its own until {@link #release}. */
    private final class Gate {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Future<String> outcome;

        Gate(String rowId) throws InterruptedException {
            outcome = callers.submit(() -> db.write(h -> {
                insert(h, rowId);
                entered.countDown();
                release.await();
                return rowId;
            }));
            entered.await();
        }

        void release() {
            release.countDown();
        }
    }

    private static void insert(org.jdbi.v3.core.Handle h, String id) {
        h.createUpdate("INSERT INTO gc_rows (id, payload) VALUES (:id, :p)").bind("id", id).bind("p", "payload " + id).execute();
    }

    /** Submits a write and waits until it is queued behind the gate (so queue order is submit order). */
    private <R> Future<R> queue(HandleCallback<R, Exception> work) throws InterruptedException {
        int before = db.groupCommit().queued();
        Future<R> f = callers.submit(() -> db.write(work));
        awaitQueued(before + 1);
        return f;
    }

    private void awaitQueued(int n) throws InterruptedException {
        while (db.groupCommit().queued() < n) {
            Thread.sleep(1);
        }
    }

    private List<String> rows() {
        return db.read(h -> h.createQuery("SELECT id FROM gc_rows ORDER BY id").mapTo(String.class).list());
    }

    private static Throwable failureOf(Future<?> f) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got a result");
    }

    @Test
    void aFailingWriteIsRolledBackAloneAndItsNeighboursCommitInTheSameTransaction() throws Exception {
        Gate gate = new Gate("gate");
        IllegalStateException boom = new IllegalStateException("boom");
        IOException checked = new IOException("checked");
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        Future<String> a = queue(h -> {
            runs.incrementAndGet();
            insert(h, "a");
            return "result a";
        });
        Future<String> b = queue(h -> {
            insert(h, "b1");
            insert(h, "b2"); // partial writes of a failing item
            throw boom;
        });
        Future<String> c = queue(h -> {
            runs.incrementAndGet();
            insert(h, "c");
            return "result c";
        });
        Future<String> d = queue(h -> {
            insert(h, "d");
            throw checked;
        });
        Future<String> e = queue(h -> {
            runs.incrementAndGet();
            insert(h, "e");
            return "result e";
        });
        long commits = db.groupCommit().commits();
        gate.release();

        assertThat(gate.outcome.get()).isEqualTo("gate");
        assertThat(a.get()).isEqualTo("result a");
        assertThat(c.get()).isEqualTo("result c");
        assertThat(e.get()).isEqualTo("result e");
        assertThat(failureOf(b)).isSameAs(boom);
        assertThat(failureOf(d)).isSameAs(checked);
        assertThat(rows()).containsExactly("a", "c", "e", "gate");
        // the gate's transaction and one more for all five queued writes, each run once: a
        // failure rolls back to its savepoint, not the transaction (which would run a again)
        assertThat(db.groupCommit().commits()).isEqualTo(commits + 2);
        assertThat(runs.get()).as("runs of the writes that succeed").isEqualTo(3);
    }

    private static void log(org.jdbi.v3.core.Handle h, String what) {
        h.createUpdate("INSERT INTO gc_log (what) VALUES (:w)").bind("w", what).execute();
    }

    private static List<String> logged(org.jdbi.v3.core.Handle h) {
        return h.createQuery("SELECT what FROM gc_log ORDER BY seq").mapTo(String.class).list();
    }

    /**
     * WritesBeforeCommit: what applied writes deferred runs after the last write of the batch, in
     * order, in the batch's transaction; what a failed write deferred never runs. Each write also
     * records what it saw of the log, so the test fails if deferred statements ran at the end of
     * their own write (c would see a's) or in a transaction of their own (more commits).
     */
    @Test
    void deferredStatementsRunAfterTheWholeBatchAndOnlyForAppliedWrites() throws Exception {
        Gate gate = new Gate("gate");
        Future<List<String>> a = queue(h -> {
            log(h, "a");
            WritesBeforeCommit.run(h, w -> log(w, "a deferred 1"));
            WritesBeforeCommit.run(h, w -> log(w, "a deferred 2"));
            return logged(h);
        });
        IllegalStateException boom = new IllegalStateException("boom");
        Future<List<String>> b = queue(h -> {
            log(h, "b");
            WritesBeforeCommit.run(h, w -> log(w, "b deferred"));
            throw boom;
        });
        Future<List<String>> c = queue(h -> {
            log(h, "c");
            WritesBeforeCommit.run(h, w -> log(w, "c deferred"));
            return logged(h);
        });
        long commits = db.groupCommit().commits();
        gate.release();

        assertThat(a.get()).containsExactly("a");
        assertThat(failureOf(b)).isSameAs(boom);
        assertThat(c.get()).containsExactly("a", "c"); // a's deferred statements had not run yet
        assertThat(db.read(GroupCommitWriterTest::logged)).containsExactly("a", "c", "a deferred 1", "a deferred 2", "c deferred");
        assertThat(db.groupCommit().commits()).isEqualTo(commits + 2); // the gate's, then one for a, b and c
    }

    /** A deferred statement that fails (here a duplicate of a unique value) fails the batch as a failed COMMIT does. */
    @Test
    void aFailingDeferredStatementFailsEveryWriteOfItsBatch() throws Exception {
        Gate gate = new Gate("gate");
        Future<String> a = queue(h -> {
            insert(h, "a");
            WritesBeforeCommit.run(h, w -> log(w, "twice"));
            return "a";
        });
        Future<String> b = queue(h -> {
            insert(h, "b");
            WritesBeforeCommit.run(h, w -> log(w, "twice"));
            return "b";
        });
        gate.release();
        assertThat(gate.outcome.get()).isEqualTo("gate");

        Throwable failure = failureOf(a);
        assertThat(failure).hasStackTraceContaining("UNIQUE");
        assertThat(failureOf(b)).isSameAs(failure);
        assertThat(rows()).containsExactly("gate");
        assertThat(db.read(GroupCommitWriterTest::logged)).isEmpty();

        // the writer goes on, and collects nothing left over from the failed batch
        String next = db.write(h -> {
            WritesBeforeCommit.run(h, w -> log(w, "after"));
            return "ok";
        });
        assertThat(next).isEqualTo("ok");
        assertThat(db.read(GroupCommitWriterTest::logged)).containsExactly("after");
    }

    /** Outside a queued write (a bulk tool's own transaction, any thread but the writer) the statement runs at once. */
    @Test
    void outsideAQueuedWriteADeferredStatementRunsAtOnce() {
        try (org.jdbi.v3.core.Handle h = org.jdbi.v3.core.Jdbi.create(db.writeDataSource()).open()) {
            db.beginWrite(h);
            WritesBeforeCommit.run(h, w -> log(w, "now"));
            assertThat(logged(h)).containsExactly("now");
            h.rollback();
        }
        assertThat(db.read(GroupCommitWriterTest::logged)).isEmpty();
    }

    @Test
    void checkedExceptionsReachTheCallerUnchanged() {
        IOException checked = new IOException("disk says no");
        // the declared checked type passes through write's signature
        assertThatThrownBy(() -> db.<Void, IOException>write(h -> {
            insert(h, "x");
            throw checked;
        })).isSameAs(checked);
        assertThat(rows()).isEmpty();
    }

    @Test
    void aFailedCommitFailsEveryCallerOfTheBatchAndWritesNothingOfIt() throws Exception {
        Gate gate = new Gate("gate");
        Future<String> a = queue(h -> {
            insert(h, "a");
            return "a";
        });
        // a deferred foreign key: the statement passes, the COMMIT fails
        Future<String> orphan = queue(h -> {
            h.execute("INSERT INTO gc_child (id, parent) VALUES ('child', 'no such parent')");
            return "orphan";
        });
        Future<String> c = queue(h -> {
            insert(h, "c");
            return "c";
        });
        gate.release();
        assertThat(gate.outcome.get()).isEqualTo("gate");

        Throwable failure = failureOf(a);
        assertThat(failure).hasStackTraceContaining("FOREIGN KEY");
        assertThat(failureOf(orphan)).isSameAs(failure);
        assertThat(failureOf(c)).isSameAs(failure);
        assertThat(rows()).containsExactly("gate");
        int children = db.read(h -> h.createQuery("SELECT COUNT(*) FROM gc_child").mapTo(Integer.class).one());
        assertThat(children).isZero();

        // the writer goes on with the next batch
        String next = db.write(h -> {
            insert(h, "after");
            return "ok";
        });
        assertThat(next).isEqualTo("ok");
        assertThat(rows()).containsExactly("after", "gate");
    }

    @Test
    void noCallerIsAnsweredBeforeItsBatchCommitted() throws Exception {
        EventLog events = new EventLog(db);
        long before = events.readLastPosition();
        Gate gate = new Gate("gate");
        java.util.concurrent.atomic.AtomicLong visibleWhenAnswered = new java.util.concurrent.atomic.AtomicLong(-1);
        Future<Long> appended = callers.submit(() -> {
            long p = db.write(h -> events.append(h, "Test", null, null));
            visibleWhenAnswered.set(events.readLastPosition()); // from a reader connection
            return p;
        });
        awaitQueued(1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Future<String> holder = queue(h -> {
            holding.countDown();
            letGo.await();
            return "held";
        });
        gate.release();
        holding.await();
        try {
            assertNotAnsweredWhileHeld(appended, events, before);
        } finally {
            letGo.countDown();
        }
        long position = appended.get();
        assertThat(holder.get()).isEqualTo("held");
        assertThat(position).isGreaterThan(before);
        assertThat(events.readLastPosition()).isEqualTo(position);
        assertThat(visibleWhenAnswered.get()).isEqualTo(position);
    }

    private static void assertNotAnsweredWhileHeld(Future<Long> appended, EventLog events, long before) {
        // the event's work is done, but its transaction holds on: neither answered nor visible.
        // (The wait only gives a wrong implementation the chance to answer early; a right one
        // never answers here, however long the wait.)
        assertThatThrownBy(() -> appended.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(events.readLastPosition()).isEqualTo(before);
    }

    @Test
    void closeLetsTheRunningBatchCommitAndFailsQueuedWrites() throws Exception {
        Gate gate = new Gate("gate");
        List<Future<String>> queued = new ArrayList<>();
        for (String id : List.of("q1", "q2", "q3")) {
            queued.add(queue(h -> {
                insert(h, id);
                return id;
            }));
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(db::close, callers);
        while (!db.groupCommit().closed()) {
            Thread.sleep(1);
        }
        gate.release();
        closing.get();

        assertThat(gate.outcome.get()).isEqualTo("gate");
        for (Future<String> f : queued) {
            assertThat(failureOf(f)).isInstanceOf(ConnectionException.class)
                    .hasStackTraceContaining("The database is closed; this write was not run");
        }
        assertThatThrownBy(() -> db.write(h -> 1)).isInstanceOf(ConnectionException.class)
                .hasStackTraceContaining("The database is closed");

        db = Database.open("jdbc:sqlite:" + dir.resolve("parley.db"));
        assertThat(rows()).containsExactly("gate");
    }

    @Test
    void aCallerInterruptedWhileQueuedWithdrawsItsWrite() throws Exception {
        Gate gate = new Gate("gate");
        AtomicBoolean flagKept = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Thread[] caller = new Thread[1];
        Future<String> f = callers.submit(() -> {
            caller[0] = Thread.currentThread();
            started.countDown();
            try {
                return db.write(h -> {
                    insert(h, "withdrawn");
                    return "ran";
                });
            } finally {
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        started.await();
        awaitQueued(1);
        caller[0].interrupt();
        assertThat(failureOf(f)).isInstanceOf(ConnectionException.class).hasStackTraceContaining("nothing was written");
        assertThat(flagKept).isTrue();
        gate.release();
        gate.outcome.get();
        db.write(h -> {
            insert(h, "next");
            return null;
        });
        assertThat(rows()).containsExactly("gate", "next");
    }

    @Test
    void aCallerInterruptedWhileItsWriteRunsGetsTheCommittedResult() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread[] caller = new Thread[1];
        Future<String> f = callers.submit(() -> {
            caller[0] = Thread.currentThread();
            try {
                return db.write(h -> {
                    insert(h, "running");
                    running.countDown();
                    letGo.await();
                    return "committed";
                });
            } finally {
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        running.await();
        caller[0].interrupt();
        letGo.countDown();
        assertThat(f.get()).isEqualTo("committed");
        assertThat(flagKept).isTrue();
        assertThat(rows()).containsExactly("running");
    }

    @Test
    void aWriteInsideAWriteIsRefusedInsteadOfWaitingForItself() {
        assertThatThrownBy(() -> db.write(h -> {
            insert(h, "outer");
            return db.write(inner -> 1);
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a write");
        assertThat(rows()).isEmpty();
    }

    // ---- another process holds the write lock --------------------------------------------------

    /** A separate connection to the same file (as a DB browser or a script has) holding the write lock. */
    private java.sql.Connection lockFromOutside() throws java.sql.SQLException {
        java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("parley.db"));
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
        }
        return c;
    }

    private void reopenWithLockWait(long millis) {
        db.close();
        db = Database.open("jdbc:sqlite:" + dir.resolve("parley.db"), true, null,
                new DatabaseTimeouts(java.time.Duration.ofMillis(millis), java.time.Duration.ZERO));
    }

    /**
     * Another process holds the write lock for longer than the lock wait: each of 150 writes
     * queued at once (more than two batches) fails as DATABASE_BUSY (answered 503), none with
     * anything else and none left waiting; the writer goes on, and once the lock is gone the next
     * write commits and none of the refused ones is there.
     */
    @Test
    void writesQueuedWhileAnotherProcessHoldsTheLockFailAsBusyAndTheWriterGoesOn() throws Exception {
        reopenWithLockWait(300);
        List<Future<String>> writes = new ArrayList<>();
        try (java.sql.Connection outside = lockFromOutside()) {
            for (int i = 0; i < 150; i++) {
                String id = "w" + i;
                writes.add(callers.submit(() -> db.write(h -> {
                    insert(h, id);
                    return id;
                })));
            }
            for (Future<String> w : writes) {
                Throwable failure;
                try {
                    w.get(2, TimeUnit.MINUTES); // generous: only "not forever" is asserted
                    throw new AssertionError("a write committed while another process held the lock");
                } catch (ExecutionException e) {
                    failure = e.getCause();
                }
                assertThat(StorageFaults.classify(failure)).as(failure.toString())
                        .isEqualTo(StorageFaults.Kind.DATABASE_BUSY);
            }
            outside.createStatement().execute("ROLLBACK");
        }
        String after = db.write(h -> {
            insert(h, "after");
            return "ok";
        });
        assertThat(after).isEqualTo("ok");
        assertThat(rows()).containsExactly("after");
    }

    /** A write queued while an earlier one waits for the lock is not failed with it: it gets its own wait. */
    @Test
    void aWriteQueuedDuringAnotherOnesWaitKeepsItsOwnWait() throws Exception {
        reopenWithLockWait(2_000);
        Future<String> first;
        Future<String> second;
        try (java.sql.Connection outside = lockFromOutside()) {
            first = callers.submit(() -> db.write(h -> {
                insert(h, "first");
                return "first";
            }));
            Thread.sleep(1_000); // the first is waiting for the lock by now
            second = callers.submit(() -> db.write(h -> {
                insert(h, "second");
                return "second";
            }));
            assertThat(StorageFaults.classify(failureOf(first))).isEqualTo(StorageFaults.Kind.DATABASE_BUSY);
            outside.createStatement().execute("ROLLBACK");
        }
        assertThat(second.get(1, TimeUnit.MINUTES)).isEqualTo("second");
        assertThat(rows()).containsExactly("second");
    }

    /**
     * Another process grabs the write lock whenever it is free, again and again: whatever each
     * write is told, it is true. A write answered is in the store, and a write refused (busy) is
     * not. (sqlite-jdbc begins the next transaction right after COMMIT; were that BEGIN
     * IMMEDIATE, it would take the lock again, and when the other process got it in between, the
     * commit() call would wait and fail although the COMMIT went through.)
     */
    @Test
    void underAContendedLockEveryWriteIsToldTheTruth() throws Exception {
        reopenWithLockWait(100);
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger grabbed = new java.util.concurrent.atomic.AtomicInteger();
        Thread other = new Thread(() -> {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("parley.db"));
                 java.sql.Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 0");
                while (!stop.get()) {
                    try {
                        st.execute("BEGIN IMMEDIATE"); // succeeds only in the moments the lock is free
                    } catch (java.sql.SQLException busy) {
                        continue;
                    }
                    grabbed.incrementAndGet();
                    Thread.sleep(0, 200_000);
                    st.execute("ROLLBACK"); // and straight on: spinning, it takes the lock the moment a COMMIT frees it
                }
            } catch (java.sql.SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "other-process");
        other.start();
        java.util.Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.Set<String> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Future<?>> writers = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                int writer = t;
                writers.add(callers.submit(() -> {
                    for (int i = 0; i < 150; i++) {
                        String id = writer + "-" + i;
                        try {
                            db.write(h -> {
                                insert(h, id);
                                return id;
                            });
                            acknowledged.add(id);
                        } catch (RuntimeException e) {
                            assertThat(StorageFaults.classify(e)).as(e.toString()).isEqualTo(StorageFaults.Kind.DATABASE_BUSY);
                            refused.add(id);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get(5, TimeUnit.MINUTES);
            }
        } finally {
            stop.set(true);
            other.join(60_000);
        }
        System.out.printf("GroupCommitWriterTest: the other process took the lock %d times; %d writes acknowledged,"
                + " %d refused%n", grabbed.get(), acknowledged.size(), refused.size());
        assertThat(grabbed.get()).as("the other process got the lock at all").isPositive();
        java.util.Set<String> stored = new java.util.HashSet<>(rows());
        java.util.Set<String> refusedButStored = new java.util.TreeSet<>(refused);
        refusedButStored.retainAll(stored);
        assertThat(refusedButStored).as("writes reported failed that are in the store").isEmpty();
        assertThat(stored).as("the store holds exactly the acknowledged writes").isEqualTo(acknowledged);
    }
}
