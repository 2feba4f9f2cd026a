package dev.parley.events;

import dev.parley.storage.Database;
import dev.parley.testing.StatementLog;
import dev.parley.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event log's bookkeeping on both engines: what it remembers of this node's appends stays
 * bounded whichever way commits are reported (the fast path of an own commit or a scan of the
 * log), and a log it cannot read drops the conversation cache with one warning per failure.
 */
class EventLogTest {
    @TempDir
    Path dir;
    private TestDatabase store;
    private Database db;

    @BeforeEach
    void open() {
        store = TestDatabase.create();
        db = Database.open(url());
    }

    private String url() {
        return store.url() != null ? store.url() : "jdbc:sqlite:" + dir.resolve("parley.db");
    }

    @AfterEach
    void close() {
        db.close();
        store.close();
    }

    /** An append in a transaction that then rolls back (a refused write, a retried one). */
    private void appendAndRollBack(EventLog log) {
        try {
            db.write(h -> {
                log.append(h, "MessageCreated", UUID.randomUUID().toString(), null);
                throw new IllegalStateException("rolled back");
            });
        } catch (IllegalStateException expected) {
            // the position is never committed (PostgreSQL: a gap in the sequence)
        }
    }

    private void appendAndCommit(EventLog log) {
        long position = db.write(h -> log.append(h, "MessageCreated", UUID.randomUUID().toString(), null));
        log.committed(position);
        if (TestDatabase.isPostgresql()) {
            log.observed(position); // its notification, which every node's listener hears
        }
    }

    /**
     * Rolled-back appends alternate with commits, so that every commit finds a gap before it (on
     * PostgreSQL) and is reported by a scan (the one its notification starts); with holes forgotten at once (a TTL of 0) the gaps of
     * earlier rounds are no longer looked for, and what the log kept for them must go too. On
     * SQLite the rolled-back position is taken again and nothing piles up either.
     */
    @Test
    void whatIsKeptOfRolledBackAppendsStaysBoundedWhenCommitsAreReportedByScans() {
        EventLog log = new EventLog(db, 0);
        for (int round = 0; round < 10; round++) {
            appendAndRollBack(log);
            appendAndCommit(log);
        }
        // at most the last round's gap, still looked for
        assertThat(log.pendingAppends()).isLessThanOrEqualTo(1);
    }

    /**
     * What the pruning must not drop: two events of one transaction (a batch) whose commits are
     * reported later one first. The first report scans the log; the second is then reported from
     * what the node remembers of its own append, without reading its event back.
     */
    @Test
    void anOwnCommitReportedAfterALaterOneIsNotReadBack() {
        EventLog log = new EventLog(db);
        List<String> reported = recorded(log);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        long[] positions = db.write(h -> new long[]{
                log.append(h, "MessageCreated", first, null), log.append(h, "MessageCreated", second, null)});
        log.committed(positions[1]);
        StatementLog statements = StatementLog.on(db);
        log.committed(positions[0]);
        assertThat(statements.statements()).as("statements to report the earlier commit").isEmpty();
        assertThat(reported).contains(first, second).doesNotContain("*");
        assertThat(log.pendingAppends()).isZero();
    }

    /**
     * PostgreSQL, writers committing out of order: an own commit with an earlier position still
     * uncommitted is reported to this node's caches at once, with no read of the log and no wait
     * for the scan lock (which another thread holds here, as the listener does while it reads);
     * the position counts as applied once its notification is observed after the earlier one
     * committed, and that notification of an own commit reported on the fast path is not read
     * back either.
     */
    @Test
    void anOwnCommitAfterAGapIsReportedWithoutReadingTheLogOrWaiting() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabase.isPostgresql(), "SQLite commits in position order");
        EventLog log = new EventLog(db);
        List<String> reported = recorded(log);
        String early = UUID.randomUUID().toString();
        String late = UUID.randomUUID().toString();
        java.util.concurrent.CountDownLatch appended = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong earlyPosition = new java.util.concurrent.atomic.AtomicLong();
        Thread slow = new Thread(() -> earlyPosition.set(db.write(h -> {
            long p = log.append(h, "MessageCreated", early, null);
            appended.countDown();
            await(release);
            return p;
        })));
        slow.start();
        assertThat(appended.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        long latePosition = db.write(h -> log.append(h, "MessageCreated", late, null));

        StatementLog statements = StatementLog.on(db);
        Thread committer = new Thread(() -> log.committed(latePosition));
        // another thread holds the scan lock meanwhile (a scan reading the log)
        log.holdScanLockFor(() -> {
            committer.start();
            committer.join(10_000);
        });
        assertThat(committer.isAlive()).as("the committer waited for the scan lock").isFalse();
        assertThat(statements.statements()).as("statements to report the own commit").isEmpty();
        assertThat(reported).containsExactly(late);
        assertThat(log.appliedPosition()).isLessThan(latePosition);

        release.countDown();
        slow.join(10_000);
        log.committed(earlyPosition.get());
        log.observed(latePosition); // its notification
        assertThat(log.appliedPosition()).isGreaterThanOrEqualTo(latePosition);
        assertThat(reported).contains(early, late).doesNotContain("*");

        // an own commit on the fast path: its notification reads nothing
        long next = db.write(h -> log.append(h, "MessageCreated", UUID.randomUUID().toString(), null));
        log.committed(next);
        int awaiting = log.ownAwaitingNotice();
        statements.clear();
        log.observed(next);
        assertThat(statements.statements()).as("statements for an own commit's notification").isEmpty();
        assertThat(log.ownAwaitingNotice()).isEqualTo(awaiting - 1);
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What {@code log} reports to its listeners from now on: conversation ids, "*" for all. */
    private static List<String> recorded(EventLog log) {
        List<String> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        log.onConversationChanges(new ConversationChanges() {
            @Override
            public void changed(String conversationId) {
                reported.add(conversationId);
            }

            @Override
            public void changedAll() {
                reported.add("*");
            }
        });
        return reported;
    }

    /** Variants: the fast path (commits one after the other) keeps nothing either. */
    @Test
    void commitsInOrderKeepNothing() {
        EventLog log = new EventLog(db);
        for (int i = 0; i < 5; i++) {
            appendAndCommit(log);
        }
        assertThat(log.pendingAppends()).isZero();
    }

    /**
     * The log cannot be read (here: its database is closed): every cached conversation is
     * dropped, and each failure says so once on stderr, with its cause.
     */
    @Test
    void anUnreadableLogDropsTheCacheWithOneWarningPerFailure() {
        Database closing = Database.open(url());
        EventLog log = new EventLog(closing);
        AtomicInteger dropped = new AtomicInteger();
        log.onConversationChanges(new ConversationChanges() {
            @Override
            public void changed(String conversationId) {
            }

            @Override
            public void changedAll() {
                dropped.incrementAndGet();
            }
        });
        closing.close();
        String err = capturingStderr(() -> {
            log.observedHead(5);
            log.observedHead(9);
        });
        assertThat(dropped.get()).isEqualTo(2);
        List<String> warnings = err.lines().filter(l -> l.contains("WARN") && l.contains("event log")).toList();
        assertThat(warnings).as(err).hasSize(2);
        assertThat(warnings.get(0)).contains("position 5").contains("closed");
        assertThat(warnings.get(1)).contains("position 9");
        assertThat(log.appliedPosition()).as("the positions still count as applied").isEqualTo(9);
    }

    private static synchronized String capturingStderr(Runnable work) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            work.run();
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }
    /**
     * The append hooks run inside the event's transaction: what a hook writes commits with the
     * event and rolls back with it, and a hook that throws fails the write, its event never
     * committed (an outbox row that could not be written leaves nothing acknowledged).
     */
    @Test
    void appendHooksWriteInTheEventsTransactionAndFailItWhenTheyFail() {
        db.write(h -> h.execute("CREATE TABLE hook_rows (position BIGINT NOT NULL, type TEXT NOT NULL, subject TEXT)"));
        EventLog log = new EventLog(db);
        List<AppendedEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        log.onAppend((h, event) -> {
            seen.add(event);
            h.createUpdate("INSERT INTO hook_rows (position, type, subject) VALUES (:p, :t, :s)")
                    .bind("p", event.position()).bind("t", event.type()).bind("s", event.subjectId()).execute();
            if (failing.get()) {
                throw new IllegalStateException("outbox unavailable");
            }
        });
        String conversation = UUID.randomUUID().toString();
        long committed = db.write(h -> log.append(h, "MessageCreated", conversation, "user-1", "entry-1", EventLog.STAFF));
        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.position()).isEqualTo(committed);
            assertThat(e.conversationId()).isEqualTo(conversation);
            assertThat(e.actorId()).isEqualTo("user-1");
            assertThat(e.subjectId()).isEqualTo("entry-1");
            assertThat(e.audience()).isEqualTo(EventLog.STAFF);
            assertThat(e.createdAt()).isPositive();
        });
        appendAndRollBack(log);
        failing.set(true);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> db.write(h -> log.append(h, "ConversationUpdated", conversation, "user-1")))
                .hasMessageContaining("outbox unavailable");
        assertThat(seen).hasSize(3);
        List<Long> kept = db.read(h -> h.createQuery("SELECT position FROM hook_rows").mapTo(Long.class).list());
        assertThat(kept)
                .as("only the committed event's row is kept").containsExactly(committed);
        long last = db.read(EventLog::lastPosition);
        assertThat(last).as("the failed write's event is not in the log").isEqualTo(committed);
    }
}
