package dev.parley.webhook;

import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claiming on the run's engine: concurrent claimers never take the same delivery (PostgreSQL:
 * SKIP LOCKED and the lease), a conversation's later delivery waits for the earlier one (and
 * does not count as due meanwhile), a failure is retried after the backoff and given up after
 * the retry period.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryQueueTest {
    TestServer server;
    Database database;
    String hookId;
    final WebhookSettings settings = WebhookSettings.defaults()
            .withRetries(Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(25));

    @BeforeAll
    void start() {
        // the server's own sender would claim rows too
        server = TestServer.start(b -> b.webhooks(WebhookSettings.defaults().withSenders(0)));
        database = server.parley().database();
        hookId = database.write(h -> WebhookRepository.add(h, "http://192.0.2.1/unused", null, null)).hookId();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private void queue(String conversationId, long at) {
        database.write(h -> h.createUpdate("""
                        INSERT INTO webhook_deliveries (hook_id, event_position, event_type, conversation_id, event_at,
                                                        queued_at, next_attempt_at)
                        VALUES (:hook, 1, 'conversation.created', :c, :at, :at, :at)""")
                .bind("hook", hookId).bind("c", conversationId).bind("at", at).execute());
    }

    private void clear() {
        database.write(h -> h.createUpdate("DELETE FROM webhook_deliveries").execute());
    }

    @Test
    void concurrentClaimersNeverTakeTheSameDelivery() {
        clear();
        long past = Clock.nowMillis() - 1000;
        for (int i = 0; i < 60; i++) {
            queue("conversation-" + i, past);
        }
        DeliveryQueue queue = new DeliveryQueue(database, settings, new Backoff(settings));
        List<Long> taken = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> claimers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            claimers.add(CompletableFuture.runAsync(() -> {
                List<DeliveryQueue.Claimed> got;
                while (!(got = queue.claim(Clock.nowMillis(), 3)).isEmpty()) {
                    got.forEach(c -> taken.add(c.deliveryId()));
                }
            }));
        }
        claimers.forEach(CompletableFuture::join);
        assertThat(taken).hasSize(60);
        assertThat(new HashSet<>(taken)).hasSize(60);
        // leased: nothing more to claim until the lease ends
        assertThat(queue.claim(Clock.nowMillis(), 100)).isEmpty();
        assertThat(queue.claim(Clock.nowMillis() + queue.leaseMillis() + 1, 100)).hasSize(60);
    }

    @Test
    void aConversationsLaterDeliveryWaitsAndFailuresBackOffThenGiveUp() {
        clear();
        long now = Clock.nowMillis();
        queue("ordered", now - 2000);
        queue("ordered", now - 1000);
        DeliveryQueue queue = new DeliveryQueue(database, settings, new Backoff(settings));
        assertThat(queue.nextDue()).isEqualTo(now - 2000);
        List<DeliveryQueue.Claimed> first = queue.claim(now, 10);
        assertThat(first).hasSize(1);
        DeliveryQueue.Claimed earlier = first.get(0);
        assertThat(earlier.body()).contains("\"type\":\"conversation.created\"");
        assertThat(queue.claim(now + queue.leaseMillis() - 1, 10)).as("the later one waits").isEmpty();

        queue.failed(earlier, now, 500, "x".repeat(5000));
        JsonView failed = view(earlier.deliveryId());
        assertThat(failed.status()).isEqualTo("pending");
        assertThat(failed.nextAttemptAt() - now).isBetween(7_500L, 12_500L); // 10 s ± 25 %
        assertThat(failed.lastError()).hasSize(1024);
        assertThat(queue.claim(now + 1, 10)).as("still waiting for the earlier one").isEmpty();
        assertThat(queue.nextDue()).as("the later one is due but held back: the sender sleeps until the retry")
                .isEqualTo(failed.nextAttemptAt());

        DeliveryQueue.Claimed again = queue.claim(failed.nextAttemptAt(), 10).get(0);
        assertThat(again.deliveryId()).isEqualTo(earlier.deliveryId());
        assertThat(again.body()).isEqualTo(earlier.body());
        long end = again.queuedAt() + settings.retryFor().toMillis();
        queue.failed(again, end - 1000, 503, "down");
        assertThat(view(earlier.deliveryId()).nextAttemptAt()).as("the last attempt at the period's end").isEqualTo(end);
        DeliveryQueue.Claimed last = queue.claim(end, 10).get(0);
        queue.failed(last, end, 503, "still down");
        assertThat(view(earlier.deliveryId()).status()).isEqualTo("failed");
        assertThat(view(earlier.deliveryId()).attempts()).isEqualTo(3);
        assertThat(queue.nextDue()).as("given up: the later one is due").isEqualTo(now - 1000);

        List<DeliveryQueue.Claimed> later = queue.claim(end, 10);
        assertThat(later).as("given up: the later one goes").hasSize(1);
        queue.delivered(later.get(0), end, 200, "ok");
        assertThat(view(later.get(0).deliveryId()).status()).isEqualTo("delivered");
    }

    record JsonView(String status, long nextAttemptAt, String lastError, int attempts) {
    }

    private JsonView view(long id) {
        return database.read(h -> h.createQuery(
                        "SELECT status, next_attempt_at, last_error, attempts FROM webhook_deliveries WHERE delivery_id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new JsonView(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4))).one());
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        Backoff backoff = new Backoff(settings);
        for (int i = 0; i < 50; i++) {
            assertThat(backoff.delayMillis(1)).isBetween(7_500L, 12_500L);
            assertThat(backoff.delayMillis(3)).isBetween(30_000L, 50_000L);
            assertThat(backoff.delayMillis(40)).isBetween(2_700_000L, 4_500_000L);
        }
        Set<Long> distinct = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            distinct.add(backoff.delayMillis(2));
        }
        assertThat(distinct.size()).as("jitter").isGreaterThan(1);
    }
}
