package dev.parley.storage;

import dev.parley.events.EventListener;
import dev.parley.events.Signals;
import dev.parley.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CommitNotices} on PostgreSQL: a write's notifications are sent after its transaction
 * committed (outside it, so that concurrent commits are not serialised by PostgreSQL's notify
 * lock), never for a write that rolled back, once for a write that was run again, inside the
 * transaction of a bulk tool's own transaction, all of them when the store closes right after
 * the writes, and a notification that fails after the commit neither undoes nor fails the write
 * nor keeps the notices sent with it from going out.
 */
class CommitNoticesTest {
    private TestDatabase store;
    private Database db;
    private Connection listening;
    private final Queue<Boolean> notifyAutoCommit = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void open() throws SQLException {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "NOTIFY is PostgreSQL's; SQLite has one node");
        store = TestDatabase.create();
        db = Database.open(store.url());
        db.write(h -> h.execute("CREATE TABLE notice_rows (id INTEGER PRIMARY KEY)"));
        db.setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                if (context.getRenderedSql().contains("pg_notify")) {
                    try {
                        notifyAutoCommit.add(context.getConnection().getAutoCommit());
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        });
        listening = DriverManager.getConnection(store.url());
        try (Statement st = listening.createStatement()) {
            st.execute("LISTEN " + EventListener.CHANNEL);
            st.execute("LISTEN test_signal");
        }
    }

    @AfterEach
    void close() throws SQLException {
        if (listening != null) {
            listening.close();
        }
        if (db != null) {
            db.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** Notifications that arrive within {@code millis} (payloads by channel, in order). */
    private List<String> received(long millis) throws SQLException {
        List<String> out = new ArrayList<>();
        long end = System.currentTimeMillis() + millis;
        PGConnection pg = listening.unwrap(PGConnection.class);
        for (long left; (left = end - System.currentTimeMillis()) > 0; ) {
            PGNotification[] notes = pg.getNotifications((int) left);
            if (notes != null) {
                for (PGNotification n : notes) {
                    out.add(n.getName() + ":" + n.getParameter());
                }
            }
        }
        return out;
    }

    private static void insert(Handle h, int id) {
        h.execute("INSERT INTO notice_rows (id) VALUES (?)", id);
    }

    @Test
    void aWritesNotificationsAreSentAfterItsCommitOutsideTheTransaction() throws SQLException {
        db.write(h -> {
            insert(h, 1);
            Signals.send(h, EventListener.CHANNEL, "41");
            Signals.send(h, "test_signal", "user-7");
            return null;
        });

        assertThat(received(500)).containsExactly(EventListener.CHANNEL + ":41", "test_signal:user-7");
        // the pg_notify ran with auto-commit on: after the write's COMMIT, not inside it
        assertThat(notifyAutoCommit).isNotEmpty().containsOnly(true);
    }

    /** An admin command's write just before its process ends: closing the store sends what waits. */
    @Test
    void closingTheStoreSendsTheNoticesOfWritesCommittedJustBefore() throws SQLException {
        for (int i = 0; i < 20; i++) {
            int id = 100 + i;
            db.write(h -> {
                insert(h, id);
                Signals.send(h, "test_signal", "n" + id);
                return null;
            });
        }
        db.close();
        db = null;

        List<String> got = received(500);
        assertThat(got).hasSize(20).allMatch(n -> n.startsWith("test_signal:n1"));
    }

    @Test
    void aWriteThatRollsBackNotifiesNothing() throws SQLException {
        assertThatThrownBy(() -> db.write(h -> {
            insert(h, 2);
            Signals.send(h, "test_signal", "never");
            throw new IllegalStateException("refused after the notice was asked for");
        })).hasMessageContaining("refused after");
        // a failing statement after the notice rolls back too
        assertThatThrownBy(() -> db.write(h -> {
            Signals.send(h, "test_signal", "never either");
            insert(h, 3);
            insert(h, 3);
            return null;
        })).isInstanceOf(org.jdbi.v3.core.statement.UnableToExecuteStatementException.class);

        assertThat(received(300)).isEmpty();
        assertThat(notifyAutoCommit).isEmpty();
        int rows = db.read(h -> h.createQuery("SELECT count(*) FROM notice_rows").mapTo(Integer.class).one());
        assertThat(rows).isZero();
    }

    @Test
    void aWriteRunAgainAfterADeadlockNotifiesOnlyWhatItsCommittedAttemptAsked() throws Exception {
        db.write(h -> {
            insert(h, 10);
            insert(h, 11);
            return null;
        });
        // two writes lock the same two rows in opposite orders: PostgreSQL breaks the deadlock by
        // failing one (on a busy machine now and then both), which Database.write runs again;
        // a failed attempt's notice must not survive, a committed attempt's must
        java.util.concurrent.CyclicBarrier both = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Map<String, String> committed = new java.util.concurrent.ConcurrentHashMap<>();
        Thread a = new Thread(lockingInOrder("a", 10, 11, attempts, both, committed));
        Thread b = new Thread(lockingInOrder("b", 11, 10, attempts, both, committed));
        a.start();
        b.start();
        a.join(30_000);
        b.join(30_000);

        List<String> got = received(500);
        // both writes committed, one notice each; at least one of them ran again past the barrier
        assertThat(committed).containsOnlyKeys("a", "b");
        assertThat(attempts.get()).isGreaterThanOrEqualTo(3);
        // exactly the committed attempts' notices: none of the attempts the deadlock failed
        assertThat(got).containsExactlyInAnyOrder("test_signal:" + committed.get("a"), "test_signal:" + committed.get("b"));
        assertThat(committed.values()).anyMatch(n -> Integer.parseInt(n.substring(1)) >= 3);
    }

    /**
     * A write that notifies, locks row {@code one}, meets the other writer (its first two attempts
     * in all), then locks {@code two}; the notice of the attempt that committed goes into {@code committed}.
     */
    private Runnable lockingInOrder(String name, int one, int two, java.util.concurrent.atomic.AtomicInteger attempts,
                                    java.util.concurrent.CyclicBarrier both, java.util.Map<String, String> committed) {
        return () -> committed.put(name, db.write(h -> {
            int attempt = attempts.incrementAndGet();
            Signals.send(h, "test_signal", name + attempt);
            h.execute("UPDATE notice_rows SET id = id WHERE id = ?", one);
            if (attempt < 3) {
                await(both); // the retries run alone
            }
            h.execute("UPDATE notice_rows SET id = id WHERE id = ?", two);
            return name + attempt;
        }));
    }

    private static void await(java.util.concurrent.CyclicBarrier barrier) {
        try {
            barrier.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTransactionOfItsOwnNotifiesInsideItAtItsCommit() throws SQLException {
        try (Handle h = org.jdbi.v3.core.Jdbi.create(db.writeDataSource()).open()) {
            db.beginWrite(h);
            insert(h, 20);
            Signals.send(h, "test_signal", "bulk");
            assertThat(received(200)).isEmpty(); // not before the commit
            h.commit();
        }
        assertThat(received(500)).containsExactly("test_signal:bulk");
    }

    @Test
    void aNotificationThatFailsAfterTheCommitLeavesTheWriteStanding() throws SQLException {
        // PostgreSQL refuses a payload of 8,000 bytes or more: the notice fails after the commit
        String tooLong = "x".repeat(9000);
        Integer result = db.write(h -> {
            insert(h, 30);
            Signals.send(h, "test_signal", tooLong);
            Signals.send(h, "test_signal", "after the failed one");
            return 30;
        });

        assertThat(result).isEqualTo(30);
        int rows = db.read(h -> h.createQuery("SELECT count(*) FROM notice_rows WHERE id = 30")
                .mapTo(Integer.class).one());
        assertThat(rows).isOne();
        assertThat(received(500)).containsExactly("test_signal:after the failed one");
        // the pool's connection is still usable afterwards
        db.write(h -> {
            insert(h, 31);
            return null;
        });
    }
}
