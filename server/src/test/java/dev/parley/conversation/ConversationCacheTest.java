package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.events.EventLog;
import dev.parley.storage.Database;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.CliCapture;
import dev.parley.testing.RacingReaders;
import dev.parley.testing.StatementLog;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /v2/conversations/{id} is served from memory after its first read: every kind of change
 * shows at the next read (the server's own writes, an event appended by another node), users,
 * categories and memberships changed by parley admin or SQL outside the server once the server
 * knows their identity_version (a bounded wait: about 0.1 s on SQLite, a notification on
 * PostgreSQL), access is
 * checked for every caller against current data, and under concurrent writers no reader sees a
 * version older than one whose write had been acknowledged before the read began.
 * Every response is checked against the contract (ApiClient).
 */
class ConversationCacheTest {
    private TestServer server;
    private ApiClient api;
    private String owner;
    private String member;
    private String staff;
    private String outsider;
    private String id;

    @BeforeEach
    void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        member = server.user("customer-member").token();
        staff = server.user("employee").token();
        outsider = server.user("outsider").token();
        id = api.newConversation(owner, Map.of("title", "Cached", "messageContent", "first",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode get(String token) {
        return api.getConversation(token, id).assertStatus(200).json();
    }

    /** Runs SQL on the store the way another process (parley admin, a fix by hand) would. */
    private void sql(String statement, Object... args) {
        try (Database db = Database.open(server.databaseUrl())) {
            db.write(h -> h.execute(statement, args));
        }
        // the server learns of it within about 0.1 s (SQLite) or by notification (PostgreSQL)
        dev.parley.testing.Eventually.identitySeen(server.parley());
    }

    private static void admin(TestServer server, String... args) {
        List<String> argv = new ArrayList<>(List.of("admin"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--database-url", server.databaseUrl()));
        CliCapture.Result r = CliCapture.run(argv);
        assertThat(r.exitCode()).as(argv + ": " + r.err()).isZero();
        dev.parley.testing.Eventually.identitySeen(server.parley());
    }

    @Test
    void eachMutationShowsAtTheNextRead() {
        assertThat(get(member).path("status").asText()).isEqualTo("open");
        get(member); // now cached

        api.createMessage(staff, id, Map.of("messageContent", "an answer")).assertStatus(201);
        JsonNode answered = get(member);
        assertThat(answered.path("status").asText()).isEqualTo("answered");
        assertThat(answered.path("lastMessageBy").path("userId").asText()).isEqualTo(server.user("employee").userId());

        api.setStatus(member, id, "closed").assertStatus(200);
        assertThat(get(member).path("status").asText()).isEqualTo("closed");

        String billing = api.listCategories(member).assertStatus(200).json().findParents("name").stream()
                .filter(c -> "billing".equals(c.path("name").asText())).findFirst().orElseThrow()
                .path("categoryId").asText();
        api.updateConversation(owner, id, Map.of("title", "Renamed", "categoryId", billing)).assertStatus(200);
        JsonNode updated = get(member);
        assertThat(updated.path("title").asText()).isEqualTo("Renamed");
        assertThat(updated.path("category").path("name").asText()).isEqualTo("billing");

        api.createMessage(member, id, Map.of("messageContent", "reopen")).assertStatus(201);
        JsonNode reopened = get(member);
        assertThat(reopened.path("status").asText()).isEqualTo("open");
        assertThat(reopened.path("lastMessageBy").path("userId").asText()).isEqualTo(server.user("customer-member").userId());
    }

    /**
     * What a hit costs: after a write the next read loads the conversation (the log sees that
     * load, so it does see the read path), and the reads after it run nothing on the request
     * thread but authentication's one-row identity_version check; by id and by shortId alike.
     */
    @Test
    void aHitRunsNoSql() {
        String shortId = get(member).path("shortId").asText(); // the member's caller is cached now
        StatementLog log = StatementLog.on(server);
        api.updateConversation(owner, id, Map.of("title", "Counted")).assertStatus(200);
        log.clear();

        assertThat(get(member).path("title").asText()).isEqualTo("Counted");
        assertThat(log.statements()).as("the read after a write loads the conversation")
                .anyMatch(sql -> sql.contains("conversations"));
        api.getConversation(member, shortId).assertStatus(200); // the shortId is resolved once
        log.clear();

        for (int i = 0; i < 3; i++) {
            assertThat(get(member).path("title").asText()).isEqualTo("Counted");
            assertThat(api.getConversation(member, shortId).assertStatus(200).json().path("title").asText())
                    .isEqualTo("Counted");
        }
        // six hits: the caller and the conversation from memory, identity_version known from the writes
        assertThat(log.statements()).as("six hits").isEmpty();
    }

    @Test
    void aShortIdReadsTheSameCurrentConversation() {
        String shortId = get(member).path("shortId").asText();
        assertThat(api.getConversation(member, shortId).assertStatus(200).json().path("title").asText()).isEqualTo("Cached");
        api.updateConversation(owner, id, Map.of("title", "Via shortId")).assertStatus(200);
        assertThat(api.getConversation(member, shortId).assertStatus(200).json().path("title").asText()).isEqualTo("Via shortId");
        api.getConversation(outsider, shortId).assertError(404, "NotFound");
    }

    @Test
    void usersAndCategoriesChangedOutsideTheServerShowOnceTheServerKnowsThem() {
        String ownerId = server.user("customer-owner").userId();
        assertThat(get(member).path("createdBy").path("active").asBoolean()).isTrue();

        admin(server, "user", "deactivate", ownerId);
        assertThat(get(member).path("createdBy").path("active").asBoolean()).isFalse();

        sql("UPDATE users SET clear_name = ?, avatar_ref_id = ? WHERE user_id = ?", "Renamed Owner", "avatar-1", ownerId);
        JsonNode renamed = get(member);
        assertThat(renamed.path("createdBy").path("clearName").asText()).isEqualTo("Renamed Owner");
        assertThat(renamed.path("createdBy").path("avatarRefId").asText()).isEqualTo("avatar-1");
        assertThat(renamed.path("mainUser").path("clearName").asText()).isEqualTo("Renamed Owner");

        String general = api.listCategories(member).assertStatus(200).json().findParents("name").stream()
                .filter(c -> "general".equals(c.path("name").asText())).findFirst().orElseThrow()
                .path("categoryId").asText();
        api.updateConversation(staff, id, Map.of("categoryId", general)).assertStatus(200);
        assertThat(get(member).path("category").path("name").asText()).isEqualTo("general");
        sql("UPDATE categories SET name = ? WHERE category_id = ?", "general support", general);
        assertThat(get(member).path("category").path("name").asText()).isEqualTo("general support");
    }

    @Test
    void aCallerWhoLosesAccessGets404WhileTheConversationIsCached() {
        get(member);
        get(member);
        sql("DELETE FROM customer_members WHERE user_id = ?", server.user("customer-member").userId());
        api.getConversation(member, id).assertError(404, "NotFound");
        get(owner); // still cached for those who see it
    }

    @Test
    void eachCallerGetsItsOwnAnswer() {
        JsonNode forMember = get(member);
        api.getConversation(outsider, id).assertError(404, "NotFound");
        assertThat(get(staff)).isEqualTo(forMember);
        api.getConversation(outsider, id).assertError(404, "NotFound");
        api.getConversation(server.user("project-member").token(), id).assertError(404, "NotFound");
        assertThat(get(owner)).isEqualTo(forMember);

        // a new membership counts too, once the server knows it
        admin(server, "customer", "add-member", "--customer", server.demoCustomerId(),
                "--user", server.user("outsider").userId(), "--role", "member");
        assertThat(get(outsider)).isEqualTo(forMember);
    }

    @Test
    void aWriteByAnotherNodeIsSeenByAReadThatWaitsForItsEvent() {
        get(member);
        long position;
        // another node: its own connection to the store, a change and its event in one transaction
        try (Database other = Database.open(server.databaseUrl())) {
            EventLog otherLog = new EventLog(other);
            position = other.write(h -> {
                h.execute("UPDATE conversations SET title = ? WHERE conversation_id = ?", "Written elsewhere", id);
                return otherLog.append(h, "ConversationUpdated", id, server.user("customer-owner").userId());
            });
        }
        JsonNode seen = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id)
                .token(member).header("if-event-reached", "\"" + position + "\"").send().assertStatus(200).json();
        assertThat(seen.path("title").asText()).isEqualTo("Written elsewhere");
        assertThat(get(member).path("title").asText()).isEqualTo("Written elsewhere");
    }

    /**
     * Writers and readers at once: every reader notes the newest title version acknowledged before
     * it sends, and must never get an older one (a stale entry put by a load that raced a write
     * would show here); readers alternate between callers and, half the time, ask with the ETag.
     */
    @Test
    void readersNeverSeeAVersionOlderThanOneAlreadyAcknowledged() throws Exception {
        int writes = 150;
        String[] tokens = {member, staff, owner};
        RacingReaders.Result result = RacingReaders.run(4, writes, v -> {
            // staff and the creator alternate: writes take different paths through the lock
            ApiResponse w = api.updateConversation(v % 2 == 0 ? staff : owner, id, Map.of("title", "v" + v))
                    .assertStatus(200);
            if (v % 10 == 0) {
                api.createMessage(member, id, Map.of("messageContent", "message " + v)).assertStatus(201);
            }
            return Long.parseLong(w.header("ETag").replace("\"", ""));
        }, (reader, n, before, position) -> {
            var call = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id)
                    .token(tokens[(reader + n) % tokens.length]);
            if (n % 2 == 0 && position > 0) {
                call.header("if-event-reached", "\"" + position + "\"");
            }
            ApiResponse response = call.send();
            if (response.status() != 200) {
                return "status " + response.status();
            }
            String title = response.json().path("title").asText();
            long seen = title.startsWith("v") ? Long.parseLong(title.substring(1)) : 0;
            return seen < before ? "read v" + seen + " after v" + before + " was acknowledged" : null;
        });
        assertThat(result.violations()).isEmpty();
        assertThat(result.reads()).isPositive();
        assertThat(get(member).path("title").asText()).isEqualTo("v" + writes);
    }
}
