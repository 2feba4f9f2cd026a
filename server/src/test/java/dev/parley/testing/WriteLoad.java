package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent writers for the fault tests: each creates conversations (with a first message) and
 * two replies each, and remembers every write acknowledged with 201, so that a test can check
 * after a crash or a fault that all of them are there with their content.
 *
 * <p>What a writer may meet besides 201 is the test's choice: a broken connection once the
 * process was killed ({@link #killed()}), and clean 503/507 refusals when {@code faultsAllowed}.
 * Anything else (a 500, a refusal not in the contract's error shape, a broken connection while
 * the server was meant to be up) is collected in {@link #unexpected()}.
 */
public final class WriteLoad {
    private static final String[] ROLES = {"customer-owner", "customer-member", "project-member", "outsider", "employee"};

    /** A conversation whose creation was acknowledged. */
    public record Created(String conversationId, String title, String firstMessage) {
    }

    /** A message whose creation was acknowledged. */
    public record Written(String conversationId, String messageId, String content) {
    }

    private final boolean faultsAllowed;
    private final Queue<Created> conversations = new ConcurrentLinkedQueue<>();
    private final Queue<Written> messages = new ConcurrentLinkedQueue<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicBoolean killed = new AtomicBoolean();
    private AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> writers = new ArrayList<>();

    public WriteLoad(boolean faultsAllowed) {
        this.faultsAllowed = faultsAllowed;
    }

    /** Starts {@code count} writers against {@code api} (the demo users' tokens in turn). */
    public void start(ApiClient api, JsonNode credentials, String label, int count) {
        stop = new AtomicBoolean();
        killed.set(false);
        AtomicBoolean myStop = stop;
        writers.clear();
        for (int w = 0; w < count; w++) {
            String token = ParleyProcess.token(credentials, ROLES[w % ROLES.length]);
            String name = label + "w" + w;
            writers.add(new Thread(() -> write(api, token, name, myStop), "writer-" + name));
        }
        writers.forEach(Thread::start);
    }

    /** From now on a broken connection is expected (the process is being killed). */
    public void killed() {
        killed.set(true);
    }

    /** Stops the writers and waits for them. */
    public void stop() throws InterruptedException {
        stop.set(true);
        for (Thread writer : writers) {
            writer.join(60_000);
            assertThat(writer.isAlive()).as(writer.getName() + " still running").isFalse();
        }
    }

    public Queue<Created> conversations() {
        return conversations;
    }

    public Queue<Written> messages() {
        return messages;
    }

    public Queue<String> unexpected() {
        return unexpected;
    }

    /** Clean 503/507 refusals met so far. */
    public int refusals() {
        return refusals.get();
    }

    public int acknowledged() {
        return conversations.size() + messages.size();
    }

    private void write(ApiClient api, String token, String name, AtomicBoolean stop) {
        for (int n = 0; !stop.get(); n++) {
            try {
                String title = "Durable " + name + " n" + n;
                String first = "first message of " + name + " n" + n;
                ApiResponse created = api.call("conversation-create-conversation", "POST", "/v2/conversations")
                        .token(token).json(Map.of("title", title, "messageContent", first)).sendUnchecked();
                if (!acknowledged(created, "conversation-create-conversation")) {
                    continue;
                }
                String id = created.json().path("conversationId").asText();
                conversations.add(new Created(id, title, first));
                for (int m = 0; m < 2 && !stop.get(); m++) {
                    String content = "reply " + m + " of " + name + " n" + n;
                    ApiResponse message = api.call("conversation-create-message", "POST",
                            "/v2/conversations/" + id + "/messages").token(token)
                            .json(Map.of("messageContent", content)).sendUnchecked();
                    if (acknowledged(message, "conversation-create-message")) {
                        messages.add(new Written(id, message.json().path("messageId").asText(), content));
                    }
                }
            } catch (UncheckedIOException | IllegalStateException e) {
                // the connection broke: the outcome of this write is unknown
                if (!killed.get()) {
                    unexpected.add(name + ": " + e);
                }
                return;
            } catch (AssertionError e) {
                unexpected.add(name + ": " + e.getMessage());
            }
        }
    }

    /** Whether the response is a 201 in the contract; a clean refusal is counted, anything else collected. */
    private boolean acknowledged(ApiResponse response, String operationId) {
        if (response.status() == 201) {
            ContractAssertions.assertMatchesContract(operationId, response);
            return true;
        }
        if (faultsAllowed && (response.status() == 503 || response.status() == 507)) {
            ContractAssertions.assertCleanFault(operationId, response);
            refusals.incrementAndGet();
            return false;
        }
        unexpected.add(response.request() + " -> " + response.status() + " " + response.text());
        return false;
    }

    /**
     * Every acknowledged write is there with its content (read as staff, who see everything);
     * returns how many writes were checked.
     */
    public int verify(ApiClient api, String staffToken, String when) {
        Map<String, List<Written>> byConversation = new LinkedHashMap<>();
        messages.forEach(m -> byConversation.computeIfAbsent(m.conversationId(), k -> new ArrayList<>()).add(m));
        List<Created> all = new ArrayList<>(conversations);
        all.parallelStream().forEach(c -> {
            JsonNode conversation = api.getConversation(staffToken, c.conversationId()).assertStatus(200).json();
            assertThat(conversation.path("title").asText()).as(when).isEqualTo(c.title());
            JsonNode timeline = api.listMessages(staffToken, c.conversationId()).assertStatus(200).json();
            Map<String, String> contents = new LinkedHashMap<>();
            timeline.forEach(e -> contents.put(e.path("messageId").asText(), e.path("messageContent").asText()));
            assertThat(contents.values()).as(when + ": timeline of " + c.conversationId()).contains(c.firstMessage());
            for (Written m : byConversation.getOrDefault(c.conversationId(), List.of())) {
                assertThat(contents).as(when + ": acknowledged message").containsEntry(m.messageId(), m.content());
            }
        });
        assertThat(all.stream().map(Created::conversationId).toList()).as(when + ": conversations of acknowledged messages")
                .containsAll(byConversation.keySet());
        return all.size() + messages.size();
    }

    /**
     * Every acknowledged write is found by search (as staff): each conversation by the phrase of
     * its first message, each reply by its own phrase, and nothing else by either (the phrases
     * are unique to their write). On SQLite search reads the Lucene index, which a killed
     * process leaves behind its database; on PostgreSQL the search rows written with each
     * message. Returns how many searches were made.
     */
    public int verifySearchable(ApiClient api, String staffToken, String when) {
        Map<String, String> phrases = new LinkedHashMap<>();
        conversations.forEach(c -> phrases.put(c.firstMessage(), c.conversationId()));
        messages.forEach(m -> phrases.put(m.content(), m.conversationId()));
        phrases.entrySet().parallelStream().forEach(e -> {
            String query = "fullTextSearch=" + URLEncoder.encode("\"" + e.getKey() + "\"", StandardCharsets.UTF_8)
                    + "&limit=5";
            JsonNode found = api.listConversations(staffToken, query).assertStatus(200).json();
            List<String> ids = new ArrayList<>();
            found.forEach(c -> ids.add(c.path("conversationId").asText()));
            assertThat(ids).as(when + ": search for the acknowledged \"" + e.getKey() + "\"").containsExactly(e.getValue());
        });
        return phrases.size();
    }
}
