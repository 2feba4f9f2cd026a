package dev.parley.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read state over HTTP: per user, unread after someone else's entry, never after one's own;
 * staff notes make it unread for staff only; hidden conversations answer like nonexistent ones.
 */
class DeskReadStateTest {
    static TestServer server;
    static Desk desk;
    static String owner;
    static String member;
    static String employee;
    static String outsider;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        desk = new Desk(server);
        owner = server.user("customer-owner").token();
        member = server.user("customer-member").token();
        employee = server.user("employee").token();
        outsider = server.user("outsider").token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static boolean unread(String token, String id) {
        return desk.readState(token, id).assertStatus(200).json().path("unread").asBoolean();
    }

    @Test
    void lifecycle() {
        String id = desk.create(owner, "read me", desk.customerShare());
        // the creator's own creation and message do not make it unread for them
        desk.message(owner, id, "first");
        JsonNode own = desk.readState(owner, id).assertStatus(200).json();
        assertThat(own.path("unread").asBoolean()).isFalse();
        assertThat(own.path("lastReadAt").isNull()).isTrue();
        assertThat(own.path("lastActivityAt").isNull()).isTrue();
        // for others it is new
        assertThat(unread(member, id)).isTrue();
        assertThat(unread(employee, id)).isTrue();

        JsonNode marked = desk.markRead(employee, id).assertStatus(200).json();
        assertThat(marked.path("unread").asBoolean()).isFalse();
        assertThat(marked.path("lastReadAt").isNull()).isFalse();
        assertThat(unread(employee, id)).isFalse();
        assertThat(unread(member, id)).isTrue(); // per user

        // staff answer: unread for the customer, not for the staff who wrote it
        desk.message(employee, id, "answer");
        assertThat(unread(owner, id)).isTrue();
        assertThat(unread(employee, id)).isFalse();
        assertThat(desk.readState(owner, id).json().path("lastActivityAt").isNull()).isFalse();
        desk.markRead(owner, id).assertStatus(200);
        assertThat(unread(owner, id)).isFalse();

        // a staff note: unread for other staff, never for customers
        desk.api.createMessage(employee, id, Map.of("messageContent", "internal", "internal", true)).assertStatus(201);
        String[] colleague = desk.user("Colleague Rita", true);
        desk.markRead(colleague[1], id);
        assertThat(unread(colleague[1], id)).isFalse();
        assertThat(unread(owner, id)).isFalse();
        desk.api.createMessage(employee, id, Map.of("messageContent", "another note", "internal", true)).assertStatus(201);
        assertThat(unread(colleague[1], id)).isTrue();
        assertThat(unread(owner, id)).isFalse();

        // a status change by someone else counts too; one's own does not
        desk.markRead(employee, id);
        desk.api.setStatus(owner, id, "closed").assertStatus(200);
        assertThat(unread(employee, id)).isTrue();
        assertThat(unread(owner, id)).isFalse();
    }

    /**
     * Every user's read state (unread, lastActivityAt) agrees with the timelines and read states
     * as stored, read afresh by SQL, after each kind of write: messages by each side, staff
     * notes, status changes, marking read, and entries without an author written by SQL as
     * another node would (with their event). The newest entries of each conversation are kept
     * between writes, so this also checks that every write drops what was kept.
     */
    @Test
    void readStatesAgreeWithTheTimelinesAfterEveryKindOfWrite() {
        String[] colleague = desk.user("Colleague Agreement", true);
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put(server.user("customer-owner").userId(), owner);
        tokens.put(server.user("customer-member").userId(), member);
        tokens.put(server.user("employee").userId(), employee);
        tokens.put(colleague[0], colleague[1]);
        java.util.List<String> ids = java.util.List.of(
                desk.create(owner, "agree one", desk.customerShare()),
                desk.create(member, "agree two", desk.customerShare()),
                desk.create(owner, "agree three", desk.customerShare()));
        java.util.List<Runnable> writes = java.util.List.of(
                () -> desk.message(owner, ids.get(0), "customer writes"),
                () -> desk.message(employee, ids.get(0), "staff answers"),
                () -> desk.api.createMessage(colleague[1], ids.get(1), Map.of("messageContent", "a note", "internal", true))
                        .assertStatus(201),
                () -> desk.markRead(employee, ids.get(1)).assertStatus(200),
                () -> desk.api.setStatus(member, ids.get(2), "closed").assertStatus(200),
                () -> desk.markRead(owner, ids.get(0)).assertStatus(200),
                () -> desk.message(member, ids.get(0), "the member adds"),
                () -> desk.api.createMessage(employee, ids.get(0), Map.of("messageContent", "note", "internal", true))
                        .assertStatus(201));
        long reached = 0;
        for (int step = 0; step <= writes.size() + 1; step++) {
            for (Map.Entry<String, String> user : tokens.entrySet()) {
                boolean staff = !user.getValue().equals(owner) && !user.getValue().equals(member);
                JsonNode states = desk.api.call("parley-list-conversation-read-states", "GET",
                                "/v2/conversation-read-states?conversationIds=" + String.join(",", ids))
                        .token(user.getValue()).header("if-event-reached", String.valueOf(reached)).send().assertStatus(200).json();
                assertThat(states.size()).isEqualTo(ids.size());
                for (JsonNode state : states) {
                    String id = state.path("conversationId").asText();
                    Map<String, Object> truth = storedState(user.getKey(), staff, id);
                    assertThat(state.path("unread").asBoolean()).as("step %d, %s, %s", step, user.getKey(), id)
                            .isEqualTo(truth.get("unread"));
                    assertThat(state.path("lastActivityAt").isNull() ? null : state.path("lastActivityAt").asText())
                            .as("step %d, %s, %s", step, user.getKey(), id).isEqualTo(truth.get("lastActivityAt"));
                }
            }
            if (step < writes.size()) {
                writes.get(step).run();
            } else if (step == writes.size()) {
                // an entry without an author, as the system (or another node) writes one: new for everyone
                reached = desk.changeOutside(ids.get(0), "INSERT INTO timeline_entries (entry_id, conversation_id, seq, type,"
                        + " created_at, created_by, content, internal) SELECT '" + UUID.randomUUID() + "', :id, MAX(seq) + 1,"
                        + " 'STATUS_UPDATE', MAX(created_at) + 1, NULL, NULL, 0 FROM timeline_entries WHERE conversation_id = :id");
            }
        }
    }

    /**
     * Marking read is no event: another node that keeps this user's read states learns of it by
     * a signal (PostgreSQL NOTIFY) and answers with it within moments, for the single state and
     * for lists.
     */
    @Test
    void aReadMarkedOnAnotherNodeIsSeenHere() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.parley.testing.TestDatabase.isPostgresql(),
                "several nodes share one PostgreSQL; SQLite has one node");
        String id = desk.create(owner, "read elsewhere", desk.customerShare());
        desk.message(owner, id, "new for staff");
        assertThat(unread(employee, id)).isTrue();
        assertThat(desk.readStates(employee, id).assertStatus(200).json().get(0).path("unread").asBoolean()).isTrue();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("parley-other-node");
        try (dev.parley.Parley other = dev.parley.Parley.start(dev.parley.ParleyConfig.builder().host("127.0.0.1").port(0)
                .dataDir(dir).databaseUrl(server.databaseUrl()).rateLimit(1_000_000, java.time.Duration.ofMinutes(1)).build())) {
            new dev.parley.testing.ApiClient("http://127.0.0.1:" + other.port())
                    .call("parley-mark-conversation-read", "PUT", "/v2/conversations/" + id + "/read-state")
                    .token(employee).json("{}").send().assertStatus(200);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (unread(employee, id) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(unread(employee, id)).as("the state on this node").isFalse();
            assertThat(desk.readStates(employee, id).assertStatus(200).json().get(0).path("unread").asBoolean())
                    .as("in a list on this node").isFalse();
        }
    }

    /** The read state as the stored rows say: the newest entry by someone else the user may see, against what they read. */
    private static Map<String, Object> storedState(String userId, boolean staff, String id) {
        return server.parley().database().read(h -> {
            Map<String, Object> last = h.createQuery("SELECT MAX(seq) AS seq, MAX(created_at) AS at FROM timeline_entries"
                            + " WHERE conversation_id = :id AND (created_by IS NULL OR created_by <> :uid)"
                            + (staff ? "" : " AND internal = 0"))
                    .bind("id", id).bind("uid", userId).mapToMap().one();
            long readSeq = h.createQuery("SELECT read_seq FROM read_states WHERE user_id = :uid AND conversation_id = :id")
                    .bind("uid", userId).bind("id", id).mapTo(Long.class).findOne().orElse(-1L);
            long lastSeq = last.get("seq") == null ? -1 : ((Number) last.get("seq")).longValue();
            Map<String, Object> out = new java.util.HashMap<>();
            out.put("unread", lastSeq > readSeq);
            out.put("lastActivityAt", last.get("at") == null ? null : dev.parley.storage.Clock.iso(((Number) last.get("at")).longValue()));
            return out;
        });
    }

    @Test
    void bulkLeavesOutHiddenAndNonexistentConversationsInTheAskedOrder() {
        String a = desk.create(owner, "bulk a", null);
        String b = desk.create(owner, "bulk b", null);
        String hidden = desk.create(outsider, "bulk hidden", null);
        desk.message(employee, b, "hi");
        String ids = String.join(",", b, hidden, UUID.randomUUID().toString(), a, b);
        JsonNode states = desk.readStates(owner, ids).assertStatus(200).json();
        assertThat(states.size()).isEqualTo(2);
        assertThat(states.get(0).path("conversationId").asText()).isEqualTo(b);
        assertThat(states.get(0).path("unread").asBoolean()).isTrue();
        assertThat(states.get(1).path("conversationId").asText()).isEqualTo(a);
        assertThat(states.get(1).path("unread").asBoolean()).isFalse();
        // staff see all three
        assertThat(desk.readStates(employee, String.join(",", a, b, hidden)).json().size()).isEqualTo(3);
        // repeated keys work like commas
        assertThat(desk.api.call("parley-list-conversation-read-states", "GET",
                "/v2/conversation-read-states?conversationIds=" + a + "&conversationIds=" + b).token(owner).send()
                .assertStatus(200).json().size()).isEqualTo(2);
    }

    @Test
    void aHiddenConversationIsTheNotFoundOfANonexistentOne() {
        String hidden = desk.create(outsider, "hidden", null);
        String nonexistent = UUID.randomUUID().toString();
        ApiResponse a = desk.readState(owner, hidden).assertError(404, "NotFound");
        ApiResponse b = desk.readState(owner, nonexistent).assertError(404, "NotFound");
        assertThat(a.json()).isEqualTo(b.json());
        ApiResponse c = desk.markRead(owner, hidden).assertError(404, "NotFound");
        assertThat(c.json()).isEqualTo(desk.markRead(owner, nonexistent).json());
        // and marking it read left nothing behind
        long rows = server.parley().database().read(h -> h.createQuery("SELECT COUNT(*) FROM read_states WHERE conversation_id = :id")
                .bind("id", hidden).mapTo(Long.class).one());
        assertThat(rows).isZero();
    }

    @Test
    void badInputsAre400() {
        String id = desk.create(owner, "inputs", null);
        // no ids, too many, not UUIDs
        desk.api.call("parley-list-conversation-read-states", "GET", "/v2/conversation-read-states").token(owner).send()
                .assertError(400, "ValidationError");
        desk.readStates(owner, "nope").assertError(400, "ValidationError");
        desk.readStates(owner, String.join(",", java.util.Collections.nCopies(101, id))).assertError(400, "ValidationError");
        // a body with fields, a non-object body
        for (String body : new String[]{"{\"upTo\":1}", "[]", "1", "null"}) {
            desk.api.call("parley-mark-conversation-read", "PUT", "/v2/conversations/" + id + "/read-state")
                    .token(owner).json(body).send().assertError(400, "ValidationError");
        }
        desk.readState(owner, "%20").assertError(400, "ValidationError");
    }
}
