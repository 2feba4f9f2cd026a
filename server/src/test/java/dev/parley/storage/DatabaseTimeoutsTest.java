package dev.parley.storage;

import dev.parley.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The timeouts Parley's connections carry ({@link DatabaseTimeouts}), on each engine: SQLite's
 * busy timeout on the writer and the readers; PostgreSQL's lock_timeout and statement_timeout on
 * every pooled connection, so that a runaway statement ends with a busy fault (a 503) on a
 * connection that stays usable, and is not run again: a read is retried only when the connection
 * was lost.
 */
class DatabaseTimeoutsTest {
    static final DatabaseTimeouts TIMEOUTS = new DatabaseTimeouts(Duration.ofMillis(1234), Duration.ofMillis(800));

    @TempDir
    Path dir;

    @Test
    void everyConnectionCarriesTheTimeouts() {
        try (TestDatabase database = TestDatabase.create();
             Database db = Database.open(url(database), true, null, TIMEOUTS)) {
            if (db.engine() == Engine.SQLITE) {
                assertThat(db.<Integer, RuntimeException>read(h -> h.createQuery("PRAGMA busy_timeout").mapTo(Integer.class).one()))
                        .isEqualTo(1234);
                // the writer waits what is left of the write's own lock wait, counted from when it was queued
                assertThat(db.<Integer, RuntimeException>write(h -> h.createQuery("PRAGMA busy_timeout")
                        .mapTo(Integer.class).one())).isBetween(0, 1234);
            } else {
                assertThat(db.<String, RuntimeException>read(h -> h.createQuery("SHOW lock_timeout").mapTo(String.class).one()))
                        .isEqualTo("1234ms");
                assertThat(db.<String, RuntimeException>read(h -> h.createQuery("SHOW statement_timeout").mapTo(String.class).one()))
                        .isEqualTo("800ms");
                assertThat(db.<String, RuntimeException>write(h -> h.createQuery("SHOW lock_timeout")
                        .mapTo(String.class).one())).isEqualTo("1234ms");
            }
        }
    }

    @Test
    void aRunawayStatementEndsBusyOnAConnectionThatStaysAndIsNotRunAgain() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabase.isPostgresql(), "statement_timeout is PostgreSQL's");
        try (TestDatabase database = TestDatabase.create();
             Database db = Database.open(url(database), true, null, TIMEOUTS)) {
            AtomicInteger runs = new AtomicInteger();
            Throwable runaway = catchThrowable(() -> db.read(h -> {
                runs.incrementAndGet();
                return h.createQuery("SELECT pg_sleep(30)").mapTo(String.class).one();
            }));
            assertThat(StorageFaults.classify(runaway)).as(String.valueOf(runaway)).isEqualTo(StorageFaults.Kind.DATABASE_BUSY);
            assertThat(runs.get()).as("runs of a read the database cancelled").isEqualTo(1);

            Throwable inWrite = catchThrowable(() -> db.write(h -> h.createQuery("SELECT pg_sleep(30)")
                    .mapTo(String.class).one()));
            assertThat(StorageFaults.classify(inWrite)).as(String.valueOf(inWrite)).isEqualTo(StorageFaults.Kind.DATABASE_BUSY);
            assertThat(db.<Integer, RuntimeException>read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one())).isEqualTo(1);
        }
    }

    private String url(TestDatabase database) {
        return database.url() != null ? database.url() : "jdbc:sqlite:" + dir.resolve("parley.db");
    }
}
