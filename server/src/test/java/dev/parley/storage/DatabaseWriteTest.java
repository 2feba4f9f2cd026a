package dev.parley.storage;

import dev.parley.testing.TestDatabase;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Database#write} under concurrency on the run's engine (SQLite: group commit; PostgreSQL:
 * one transaction per write): every acknowledged write is committed and readable at once, results
 * and exceptions reach their own caller, and a failed write leaves nothing behind. The last test
 * hunts races with many threads, random failures and (SQLite) random interrupts, and checks the
 * invariants afterwards.
 */
class DatabaseWriteTest {
    private static final int THREADS = 16;

    @TempDir
    Path dir;
    private TestDatabase store;
    private Database db;
    private ExecutorService pool;

    /** A checked exception that knows which write threw it. */
    static final class RefusedException extends Exception {
        RefusedException(String id) {
            super("refused " + id);
        }
    }

    @BeforeEach
    void open() {
        store = TestDatabase.create();
        db = Database.open(store.url() != null ? store.url() : "jdbc:sqlite:" + dir.resolve("parley.db"));
        db.write(h -> {
            h.execute("CREATE TABLE gc_rows (id VARCHAR(64) PRIMARY KEY, writer INTEGER NOT NULL, payload VARCHAR(200) NOT NULL)");
            h.execute("CREATE TABLE gc_counter (n BIGINT NOT NULL)");
            h.execute("INSERT INTO gc_counter (n) VALUES (0)");
            return null;
        });
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        db.close();
        store.close();
    }

    private static void insert(Handle h, String id, int writer) {
        h.createUpdate("INSERT INTO gc_rows (id, writer, payload) VALUES (:id, :w, :p)")
                .bind("id", id).bind("w", writer).bind("p", "payload of " + id).execute();
        h.execute("UPDATE gc_counter SET n = n + 1");
    }

    private Set<String> rowIds() {
        return new HashSet<>(db.read(h -> h.createQuery("SELECT id FROM gc_rows").mapTo(String.class).list()));
    }

    private long counter() {
        return db.read(h -> h.createQuery("SELECT n FROM gc_counter").mapTo(Long.class).one());
    }

    /** Runs {@code task(writer)} on every thread at once and waits for all. */
    private void onAllThreads(WriterTask task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < THREADS; w++) {
            int writer = w;
            futures.add(pool.submit(() -> {
                start.await();
                task.run(writer);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(); // rethrows a writer's assertion failure
        }
    }

    interface WriterTask {
        void run(int writer) throws Exception;
    }

    @Test
    void concurrentWritersSeeEachOfTheirRowsCommittedAndReadableWhenAnswered() throws Exception {
        int perThread = 60;
        onAllThreads(writer -> {
            for (int i = 0; i < perThread; i++) {
                String id = writer + "-" + i;
                String payload = db.write(h -> {
                    insert(h, id, writer);
                    return h.createQuery("SELECT payload FROM gc_rows WHERE id = :id").bind("id", id)
                            .mapTo(String.class).one();
                });
                assertThat(payload).isEqualTo("payload of " + id);
                // answered means committed: another connection (the reader pool) sees it now
                java.util.Optional<Integer> seen = db.read(h -> h.createQuery("SELECT writer FROM gc_rows WHERE id = :id")
                        .bind("id", id).mapTo(Integer.class).findOne());
                assertThat(seen).contains(writer);
            }
        });
        assertThat(rowIds()).hasSize(THREADS * perThread);
        assertThat(counter()).isEqualTo(THREADS * perThread);
    }

    @Test
    void resultsAndCheckedExceptionsReachTheirOwnCaller() throws Exception {
        onAllThreads(writer -> {
            for (int i = 0; i < 40; i++) {
                String id = writer + "-" + i;
                Object mine = new Object();
                RefusedException refusal = new RefusedException(id);
                boolean refuse = i % 3 == 0;
                try {
                    Object got = db.<Object, RefusedException>write(h -> {
                        insert(h, id, writer);
                        if (refuse) {
                            throw refusal;
                        }
                        return mine;
                    });
                    assertThat(refuse).as("write %s should have been refused", id).isFalse();
                    assertThat(got).isSameAs(mine);
                } catch (RefusedException e) {
                    assertThat(refuse).as("write %s should have succeeded", id).isTrue();
                    assertThat(e).isSameAs(refusal);
                }
            }
        });
        Set<String> expected = new HashSet<>();
        for (int w = 0; w < THREADS; w++) {
            for (int i = 0; i < 40; i++) {
                if (i % 3 != 0) {
                    expected.add(w + "-" + i);
                }
            }
        }
        assertThat(rowIds()).isEqualTo(expected);
        assertThat(counter()).isEqualTo(expected.size());
    }

    /**
     * Many threads, random outcomes: success, a runtime failure or a checked one after partial
     * writes, and on SQLite a caller interrupted before or while it waits. Afterwards the rows are
     * exactly those of the writes answered with success, the counter that every write bumps
     * agrees, and every caller got its own result or its own exception.
     */
    @Test
    void raceWithRandomFailuresAndInterruptsKeepsTheInvariants() throws Exception {
        boolean interrupts = db.engine() == Engine.SQLITE; // PostgreSQL's driver is not meant to be interrupted
        int perThread = 150;
        Map<String, Boolean> committed = new ConcurrentHashMap<>();
        onAllThreads(writer -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < perThread; i++) {
                String id = writer + "-" + i;
                int roll = random.nextInt(10);
                RuntimeException runtime = new IllegalStateException("failed " + id);
                RefusedException checked = new RefusedException(id);
                if (interrupts && roll == 9) {
                    Thread.currentThread().interrupt(); // the wait for the writer meets it
                }
                try {
                    String got = db.<String, RefusedException>write(h -> {
                        insert(h, id, writer);
                        if (roll == 0) {
                            throw runtime;
                        }
                        if (roll == 1) {
                            throw checked;
                        }
                        return id;
                    });
                    assertThat(got).isEqualTo(id);
                    assertThat(roll).isNotIn(0, 1);
                    committed.put(id, true);
                } catch (RefusedException e) {
                    assertThat(e).isSameAs(checked);
                } catch (IllegalStateException e) {
                    assertThat(e).isSameAs(runtime);
                } catch (ConnectionException e) {
                    // only a caller interrupted while its write was still queued: nothing written
                    assertThat(roll).isEqualTo(9);
                    assertThat(e).hasStackTraceContaining("nothing was written");
                } finally {
                    if (roll == 9 && interrupts) {
                        // the flag is kept (or still set if the wait never looked at it); clear it
                        assertThat(Thread.interrupted()).isTrue();
                    }
                }
            }
        });
        assertThat(rowIds()).isEqualTo(committed.keySet());
        assertThat(counter()).isEqualTo(committed.size());
    }
}
