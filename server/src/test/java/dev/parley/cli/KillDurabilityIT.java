package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.ParleyProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 under write load loses nothing that was acknowledged: 8 writers create conversations
 * and messages against the real launcher jar, the process is killed at a random moment, and
 * after a restart on the same data every write that got a 201 is there with its content, and
 * every conversation starts with its CONVERSATION_CREATED entry. Three kills in a row.
 *
 * <p>SQLite only (run once, by failsafe): it tests the durability of the embedded database
 * file; PostgreSQL's durability is PostgreSQL's, and what Parley does on it is in the API suite.
 */
class KillDurabilityIT {
    private static final int WRITERS = 8;
    private static final int ROUNDS = 3;
    private static final Duration START = Duration.ofSeconds(30);
    private static final String[] ROLES = {"customer-owner", "customer-member", "project-member", "outsider", "employee"};

    private Path dataDir;

    /** A conversation whose creation was acknowledged. */
    record Created(String conversationId, String title, String firstMessage) {
    }

    /** A message whose creation was acknowledged. */
    record Written(String conversationId, String messageId, String content) {
    }

    private final Queue<Created> conversations = new ConcurrentLinkedQueue<>();
    private final Queue<Written> messages = new ConcurrentLinkedQueue<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("parley-kill");
    }

    @AfterEach
    void deleteDataDir() {
        ParleyProcess.deleteTree(dataDir);
    }

    @Test
    void acknowledgedWritesSurviveKill9() throws InterruptedException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 1; round <= ROUNDS; round++) {
            try (ParleyProcess parley = ParleyProcess.serveDemo(dataDir, "--rate-limit", "1000000")) {
                ApiClient api = new ApiClient(parley.awaitListening(START));
                JsonNode credentials = ParleyProcess.credentials(dataDir);
                if (round > 1) {
                    verify(api, credentials, "after kill " + (round - 1) + " (seed " + seed + ")");
                }
                long killAfter = 800 + random.nextInt(1400); // mid-load: writers would run ~2 s
                int before = conversations.size() + messages.size();
                load(api, credentials, round, parley, killAfter);
                System.out.printf("round %d: killed after %d ms; acknowledged so far: %d conversations, %d messages%n",
                        round, killAfter, conversations.size(), messages.size());
                assertThat(conversations.size() + messages.size() - before)
                        .as("acknowledged writes in round " + round + " before the kill after " + killAfter + " ms")
                        .isPositive();
            }
        }
        try (ParleyProcess parley = ParleyProcess.serveDemo(dataDir)) {
            ApiClient api = new ApiClient(parley.awaitListening(START));
            verify(api, ParleyProcess.credentials(dataDir), "after the last kill (seed " + seed + ")");
            parley.sigterm();
            assertThat(parley.awaitExit(Duration.ofSeconds(15))).isEqualTo(0);
        }
        assertThat(unexpected).as("responses other than 201 while the server ran").isEmpty();
    }

    /** Runs the writers, kills the process after {@code killAfterMillis}, and stops the writers. */
    private void load(ApiClient api, JsonNode credentials, int round, ParleyProcess parley, long killAfterMillis)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            String token = ParleyProcess.token(credentials, ROLES[w % ROLES.length]);
            String name = "r" + round + "w" + w;
            Thread writer = new Thread(() -> write(api, token, name, stop, killed), "writer-" + name);
            writers.add(writer);
        }
        writers.forEach(Thread::start);
        Thread.sleep(killAfterMillis);
        killed.set(true);
        parley.kill9();
        stop.set(true);
        for (Thread writer : writers) {
            writer.join(30_000);
            assertThat(writer.isAlive()).as(writer.getName() + " still running").isFalse();
        }
    }

    private void write(ApiClient api, String token, String name, AtomicBoolean stop, AtomicBoolean killed) {
        for (int n = 0; !stop.get(); n++) {
            try {
                String title = "Durable " + name + " n" + n;
                String first = "first message of " + name + " n" + n;
                ApiResponse created = api.createConversation(token, Map.of("title", title, "messageContent", first));
                if (created.status() != 201) {
                    unexpected.add(created.request() + " -> " + created.status() + " " + created.text());
                    continue;
                }
                String id = created.json().path("conversationId").asText();
                conversations.add(new Created(id, title, first));
                for (int m = 0; m < 2 && !stop.get(); m++) {
                    String content = "reply " + m + " of " + name + " n" + n;
                    ApiResponse message = api.createMessage(token, id, Map.of("messageContent", content));
                    if (message.status() != 201) {
                        unexpected.add(message.request() + " -> " + message.status() + " " + message.text());
                        continue;
                    }
                    messages.add(new Written(id, message.json().path("messageId").asText(), content));
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                // the connection broke: the outcome of this write is unknown
                if (!killed.get()) {
                    unexpected.add(name + ": " + e);
                }
                return;
            } catch (AssertionError e) {
                unexpected.add(name + ": " + e.getMessage());
                return;
            }
        }
    }

    /** Every acknowledged write is there; every conversation starts with CONVERSATION_CREATED. */
    private void verify(ApiClient api, JsonNode credentials, String when) {
        String staff = ParleyProcess.token(credentials, "employee");
        Map<String, List<Written>> byConversation = new LinkedHashMap<>();
        messages.forEach(m -> byConversation.computeIfAbsent(m.conversationId(), k -> new ArrayList<>()).add(m));

        for (Created c : conversations) {
            JsonNode conversation = api.getConversation(staff, c.conversationId()).assertStatus(200).json();
            assertThat(conversation.path("title").asText()).as(when).isEqualTo(c.title());
            JsonNode timeline = api.listMessages(staff, c.conversationId()).assertStatus(200).json();
            Map<String, String> contents = new LinkedHashMap<>();
            timeline.forEach(e -> contents.put(e.path("messageId").asText(), e.path("messageContent").asText()));
            assertThat(contents.values()).as(when + ": timeline of " + c.conversationId()).contains(c.firstMessage());
            for (Written m : byConversation.getOrDefault(c.conversationId(), List.of())) {
                assertThat(contents).as(when + ": acknowledged message").containsEntry(m.messageId(), m.content());
            }
        }
        for (Written m : messages) {
            assertThat(conversations).as(when + ": a message's conversation was acknowledged")
                    .anyMatch(c -> c.conversationId().equals(m.conversationId()));
        }

        // all conversations, acknowledged or not: none lacks its first entry
        Set<String> seen = new HashSet<>();
        int limit = 500;
        for (int skip = 0; ; skip += limit) {
            ApiResponse page = api.listConversations(staff, "limit=" + limit + "&skip=" + skip + "&sort=createdAt&order=asc")
                    .assertStatus(200);
            JsonNode items = page.json();
            for (JsonNode item : items) {
                String id = item.path("conversationId").asText();
                assertThat(seen.add(id)).as(when + ": listed twice: " + id).isTrue();
                JsonNode first = api.listMessages(staff, id).assertStatus(200).json().path(0);
                assertThat(first.path("type").asText() + " " + first.path("messageContent").asText())
                        .as(when + ": first timeline entry of " + id).isEqualTo("STATUS_UPDATE CONVERSATION_CREATED");
            }
            if (items.size() < limit) {
                assertThat(Long.parseLong(page.header("X-Pagination-TotalCount"))).isEqualTo(seen.size());
                break;
            }
        }
        System.out.printf("%s: %d conversations checked%n", when, seen.size());
        Set<String> acknowledged = new HashSet<>();
        conversations.forEach(c -> acknowledged.add(c.conversationId()));
        assertThat(seen).as(when).containsAll(acknowledged);
    }
}
