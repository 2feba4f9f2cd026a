package dev.parley.webhook;

import dev.parley.events.EventLog;
import dev.parley.storage.Database;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The append hook: rows commit and roll back with their event, and go only to the hooks that may receive it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookOutboxTest {
    TestServer server;
    Database database;
    EventLog log;
    String conversation;
    String global;
    String customer;
    String other;
    String statusOnly;

    @BeforeAll
    void start() {
        server = TestServer.start(b -> b.webhooks(WebhookSettings.defaults().withSenders(0)));
        database = server.parley().database();
        log = new EventLog(database);
        log.onAppend(new WebhookOutbox());
        conversation = server.client().newConversation(server.user("customer-owner").token(), Map.of("title", "Outbox",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        global = database.write(h -> WebhookRepository.add(h, "https://example.com/a", null, null)).hookId();
        customer = database.write(h -> WebhookRepository.add(h, "https://example.com/b", server.demoCustomerId(), null)).hookId();
        other = database.write(h -> WebhookRepository.add(h, "https://example.com/c", server.outsiderCustomerId(), null)).hookId();
        statusOnly = database.write(h -> WebhookRepository.add(h, "https://example.com/d", null,
                WebhookEvents.parse(List.of("conversation.status_changed")))).hookId();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private List<String> hooksOf(long position) {
        return database.read(h -> h.createQuery("SELECT hook_id FROM webhook_deliveries WHERE event_position = :p ORDER BY hook_id")
                .bind("p", position).mapTo(String.class).list());
    }

    private static List<String> sorted(String... ids) {
        return java.util.Arrays.stream(ids).sorted().toList();
    }

    @Test
    void rowsRollBackWithTheirEvent() {
        long[] position = new long[1];
        assertThatThrownBy(() -> database.write(h -> {
            position[0] = log.append(h, "ConversationStatusChanged", conversation, null);
            assertThat(h.createQuery("SELECT COUNT(*) FROM webhook_deliveries WHERE event_position = :p")
                    .bind("p", position[0]).mapTo(Integer.class).one()).isEqualTo(3); // inside: written
            throw new IllegalStateException("the write fails after its event");
        })).hasMessageContaining("the write fails");
        assertThat(hooksOf(position[0])).isEmpty();

        long committed = database.write(h -> log.append(h, "ConversationStatusChanged", conversation, null));
        assertThat(hooksOf(committed)).isEqualTo(sorted(global, customer, statusOnly));
    }

    /**
     * With no hook the outbox writes nothing (it looks at the table first), and that look is part
     * of the event's transaction: a hook added earlier in the same transaction gets its row. All
     * of it rolls back, so the other tests keep their hooks.
     */
    @Test
    void withNoHookNothingIsWrittenAndAHookAddedInTheSameTransactionIsSeen() {
        assertThatThrownBy(() -> database.write(h -> {
            h.execute("DELETE FROM webhook_deliveries");
            h.execute("DELETE FROM webhooks");
            long none = log.append(h, "ConversationCreated", conversation, null);
            assertThat(h.createQuery("SELECT COUNT(*) FROM webhook_deliveries").mapTo(Integer.class).one()).isZero();
            String added = WebhookRepository.add(h, "https://example.com/e", null, null).hookId();
            long seen = log.append(h, "ConversationCreated", conversation, null);
            assertThat(h.createQuery("SELECT event_position || ' ' || hook_id FROM webhook_deliveries").mapTo(String.class).list())
                    .containsExactly(seen + " " + added);
            assertThat(none).isLessThan(seen);
            throw new IllegalStateException("rolled back on purpose");
        })).hasMessageContaining("on purpose");
        int hooks = database.read(h -> h.createQuery("SELECT COUNT(*) FROM webhooks").mapTo(Integer.class).one());
        assertThat(hooks).isEqualTo(4);
    }

    @Test
    void staffOnlyEventsReachGlobalHooksOnlyAndOtherKindsNone() {
        long note = database.write(h -> log.append(h, "MessageCreated", conversation, null, "some-note", EventLog.STAFF));
        assertThat(hooksOf(note)).isEqualTo(sorted(global));
        long assigned = database.write(h -> log.append(h, "ConversationAssigned", conversation, null, null, EventLog.STAFF));
        assertThat(hooksOf(assigned)).isEqualTo(sorted(global));
        long created = database.write(h -> log.append(h, "ConversationCreated", conversation, null));
        assertThat(hooksOf(created)).isEqualTo(sorted(global, customer));
        long updated = database.write(h -> log.append(h, "ConversationUpdated", conversation, null));
        assertThat(hooksOf(updated)).isEmpty();
        long upload = database.write(h -> log.append(h, "FileUploaded", conversation, null, "a-file", EventLog.ACTOR));
        assertThat(hooksOf(upload)).isEmpty();
        assertThat(hooksOf(created)).doesNotContain(other);
    }
}
