package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.storage.ReadReplica;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.PostgresReplicaPair;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads on a PostgreSQL streaming replica ({@code --read-database-url}): a primary and a replica
 * made by the test with {@code pg_basebackup}, replication lag made by pausing replay
 * ({@code pg_wal_replay_pause()}). A read asking for an event the replica has not replayed is
 * answered by the primary and sees the write; once replay catches up the replica answers it; a
 * read without {@code if-event-reached} is answered by the replica (and may be behind), except
 * that a 404 from the replica is asked again of the primary; a stopped replica only sends reads
 * to the primary. Which database answered is read from Parley's routing counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReadReplicaIT {
    private PostgresReplicaPair pair;
    private TestServer server;
    private ApiClient api;
    private String owner;

    @BeforeAll
    void start() throws Exception {
        pair = PostgresReplicaPair.start();
        server = TestServer.start(b -> b.databaseUrl(pair.primaryUrl()).readDatabaseUrl(pair.replicaUrl()));
        api = server.client();
        owner = server.user("customer-owner").token();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    @Order(1)
    void aReadAskingForAReplayedEventIsAnsweredByTheReplica() throws Exception {
        ApiResponse created = api.createConversation(owner, Map.of("title", "On the replica",
                "messageContent", "first"));
        created.assertStatus(201);
        long position = position(created);
        pair.awaitOnReplica("SELECT 1 FROM events WHERE position = " + position);

        ReadReplica.Counts before = counts();
        ApiResponse read = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id(created))
                .token(owner).header("if-event-reached", created.header("ETag")).send().assertStatus(200);
        assertThat(read.json().path("title").asText()).isEqualTo("On the replica");
        assertThat(counts()).isEqualTo(new ReadReplica.Counts(before.replica() + 1, before.primary()));
    }

    @Test
    @Order(2)
    void whileReplayIsPausedReadsAskingForNewEventsGoToThePrimary() throws Exception {
        String conversation = id(api.createConversation(owner, Map.of("title", "Lagging",
                "messageContent", "before the pause"))
                .assertStatus(201));
        long settled = position(api.createMessage(owner, conversation, Map.of("messageContent", "settled"))
                .assertStatus(201));
        pair.awaitOnReplica("SELECT 1 FROM events WHERE position = " + settled);

        pair.onReplica("SELECT pg_wal_replay_pause()");
        ApiResponse written;
        try {
            written = api.createMessage(owner, conversation, Map.of("messageContent", "written during the pause"))
                    .assertStatus(201);

            // asks for the new event: the replica lacks it, the primary answers with the message
            ReadReplica.Counts before = counts();
            assertThat(messages(conversation, written.header("ETag"))).contains("written during the pause");
            assertThat(counts()).isEqualTo(new ReadReplica.Counts(before.replica(), before.primary() + 1));

            // asks for nothing: the replica answers, a little behind, as documented
            before = counts();
            assertThat(messages(conversation, null)).contains("settled").doesNotContain("written during the pause");
            assertThat(counts()).isEqualTo(new ReadReplica.Counts(before.replica() + 1, before.primary()));

            // a conversation the replica has not seen is still found: its 404 is asked again of the primary
            ApiResponse fresh = api.createConversation(owner, Map.of("title", "Created during the pause",
                    "messageContent", "new")).assertStatus(201);
            before = counts();
            ApiResponse found = api.getConversation(owner, id(fresh)).assertStatus(200);
            assertThat(found.json().path("title").asText()).isEqualTo("Created during the pause");
            assertThat(counts()).isEqualTo(new ReadReplica.Counts(before.replica() + 1, before.primary() + 1));

            // one that exists nowhere is a 404 all the same
            api.getConversation(owner, "00000000-0000-4000-8000-000000000000").assertError(404, "NotFound");
        } finally {
            pair.onReplica("SELECT pg_wal_replay_resume()");
        }

        // replay resumed: the same consistent read is now the replica's
        pair.awaitOnReplica("SELECT 1 FROM events WHERE position = " + position(written));
        ReadReplica.Counts before = counts();
        assertThat(messages(conversation, written.header("ETag"))).contains("written during the pause");
        assertThat(counts()).isEqualTo(new ReadReplica.Counts(before.replica() + 1, before.primary()));
    }

    @Test
    @Order(3)
    void aStoppedReplicaSendsEveryReadToThePrimary() throws Exception {
        ApiResponse created = api.createConversation(owner, Map.of("title", "Replica gone",
                "messageContent", "still readable"));
        created.assertStatus(201);
        pair.stopReplica();

        ReadReplica.Counts before = counts();
        api.getConversation(owner, id(created)).assertStatus(200);
        assertThat(messages(id(created), created.header("ETag"))).contains("still readable");
        api.listConversations(owner, "").assertStatus(200);
        assertThat(counts().primary()).isGreaterThanOrEqualTo(before.primary() + 3);
    }

    private List<String> messages(String conversation, String ifEventReached) {
        ApiClient.Call call = api.call("conversation-list-messages-by-conversation", "GET",
                "/v2/conversations/" + conversation + "/messages").token(owner);
        if (ifEventReached != null) {
            call.header("if-event-reached", ifEventReached);
        }
        List<String> contents = new ArrayList<>();
        for (JsonNode entry : call.send().assertStatus(200).json()) {
            if (entry.has("messageContent")) {
                contents.add(entry.path("messageContent").asText());
            }
        }
        return contents;
    }

    private ReadReplica.Counts counts() {
        return server.parley().replicaCounts().orElseThrow();
    }

    private static String id(ApiResponse created) {
        return created.json().path("conversationId").asText();
    }

    private static long position(ApiResponse response) {
        return Consistency.parse(response.header("ETag"));
    }
}
