package dev.parley.ops;

import dev.parley.storage.Database;
import dev.parley.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outboxes' depth and the age of the oldest row a sender could take, on both engines: rows
 * waiting for a retry, leased (being sent) or (webhooks) behind an earlier pending delivery of
 * the same hook and conversation are not due; a due row older than the threshold makes the
 * outbox "stuck" for readiness.
 */
class OutboxStatsTest {
    private static final long NOW = 1_800_000_000_000L;

    @TempDir
    Path dir;
    private TestDatabase store;
    private Database db;

    @BeforeEach
    void open() {
        store = TestDatabase.create();
        db = Database.open(store.url() != null ? store.url() : "jdbc:sqlite:" + dir.resolve("parley.db"));
    }

    @AfterEach
    void close() {
        db.close();
        store.close();
    }

    @Test
    void emptyOutboxesAreNotStuck() {
        OutboxStats.Snapshot s = new OutboxStats(db).read(NOW);
        assertThat(s.mail()).isEqualTo(new OutboxStats.Outbox(0, 0));
        assertThat(s.webhook()).isEqualTo(new OutboxStats.Outbox(0, 0));
        assertThat(Readiness.outbox(s.webhook())).isEqualTo("ok");
        assertThat(Readiness.outbox(null)).startsWith("unknown");
    }

    @Test
    void webhookDeliveriesBehindAnEarlierOneOfTheirConversationAreNotDue() {
        db.write(h -> {
            h.execute("INSERT INTO webhooks (hook_id, url, secret, created_at) VALUES ('h1', 'https://example.com/hook', 'whsec_x', 0)");
            delivery(h, "c1", NOW + 60_000);      // waits for its retry
            delivery(h, "c1", NOW - 600_000);     // behind it: not due however old
            delivery(h, "c2", NOW - 2_000);       // due for 2 s
            return null;
        });
        OutboxStats.Outbox webhook = new OutboxStats(db).read(NOW).webhook();
        assertThat(webhook).isEqualTo(new OutboxStats.Outbox(3, 2_000));
        assertThat(Readiness.outbox(webhook)).isEqualTo("ok");

        db.write(h -> h.execute("UPDATE webhook_deliveries SET status = 'delivered' WHERE next_attempt_at = ?", NOW + 60_000));
        webhook = new OutboxStats(db).read(NOW).webhook();
        assertThat(webhook).isEqualTo(new OutboxStats.Outbox(2, 600_000));
        assertThat(Readiness.outbox(webhook)).startsWith("stuck").contains("600 s");
    }

    @Test
    void leasedAndFinishedMailsAreNotDue() {
        db.write(h -> {
            mail(h, 1, "pending", NOW - 420_000, NOW + 30_000); // being sent (leased)
            mail(h, 2, "pending", NOW - 3_000, null);           // due for 3 s
            mail(h, 3, "sent", NOW - 900_000, null);
            mail(h, 4, "pending", NOW + 5_000, null);           // not yet due
            return null;
        });
        OutboxStats.Outbox mail = new OutboxStats(db).read(NOW).mail();
        assertThat(mail).isEqualTo(new OutboxStats.Outbox(3, 3_000));
        assertThat(Readiness.outbox(mail)).isEqualTo("ok");
        assertThat(Readiness.outbox(new OutboxStats.Outbox(1, Readiness.STUCK_MILLIS + 1))).startsWith("stuck");
    }

    private static void delivery(Handle h, String conversationId, long nextAttempt) {
        h.execute("""
                INSERT INTO webhook_deliveries (hook_id, event_position, event_type, conversation_id, event_at,
                                                queued_at, next_attempt_at)
                VALUES ('h1', 1, 'ConversationCreated', ?, 0, 0, ?)""", conversationId, nextAttempt);
    }

    private static void mail(Handle h, long event, String status, long nextAttempt, Long leaseUntil) {
        h.execute("""
                INSERT INTO mail_outbox (mail_event_id, conversation_id, recipient_id, kind, subject_id, status,
                                         next_attempt_at, lease_until, created_at)
                VALUES (?, 'c1', 'u1', 'new-message', 's1', ?, ?, ?, 0)""", event, status, nextAttempt, leaseUntil);
    }
}
