package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.events.EventLog;
import dev.parley.storage.Database;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
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
 * GET /v2/conversations without a search is kept whole per viewer and query (ListPageCache):
 * a repeated list runs no SQL for its page, every change a viewer can see shows in its next list
 * (the server's own writes, another node's event read with {@code if-event-reached}, memberships
 * changed outside the server), a change a customer cannot see leaves that customer's page alone,
 * and under concurrent writers no list misses a conversation whose creation was acknowledged
 * before the list was asked. Every response is checked against the contract (ApiClient).
 */
class ListPageCacheTest {
    private TestServer server;
    private ApiClient api;
    private String owner;
    private String member;
    private String staff;
    private String outsider;

    @BeforeEach
    void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        member = server.user("customer-member").token();
        staff = server.user("employee").token();
        outsider = server.user("outsider").token();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String shared(String token, String title) {
        return api.newConversation(token, Map.of("title", title, "messageContent", "about " + title,
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
    }

    private JsonNode list(String token, String query) {
        return api.listConversations(token, query).assertStatus(200).json();
    }

    private static List<String> titles(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.forEach(c -> out.add(c.path("title").asText()));
        return out;
    }

    private static long total(ApiResponse r) {
        return Long.parseLong(r.header("X-Pagination-TotalCount"));
    }

    @Test
    void aRepeatedListRunsNoSql() {
        shared(owner, "Kept");
        StatementLog log = StatementLog.on(server);
        for (String token : List.of(member, staff)) {
            for (String query : List.of("", "limit=1", "status=open&sort=createdAt&order=asc")) {
                JsonNode first = list(token, query);
                log.clear();
                assertThat(list(token, query)).as(query).isEqualTo(first);
                assertThat(list(token, query)).as(query).isEqualTo(first);
                assertThat(log.statements()).as("two hits for '" + query + "'").isEmpty();
            }
        }
    }

    @Test
    void eachChangeTheViewerCanSeeShowsInItsNextList() {
        String first = shared(owner, "First");
        assertThat(titles(list(member, ""))).contains("First");

        String second = shared(owner, "Second");
        assertThat(titles(list(member, ""))).startsWith("Second", "First");

        api.createMessage(staff, first, Map.of("messageContent", "an answer")).assertStatus(201);
        JsonNode afterAnswer = list(member, "");
        assertThat(titles(afterAnswer)).startsWith("First", "Second");
        assertThat(afterAnswer.get(0).path("status").asText()).isEqualTo("answered");

        list(member, "status=closed");
        api.setStatus(member, second, "closed").assertStatus(200);
        assertThat(titles(list(member, "status=closed"))).containsExactly("Second");

        api.updateConversation(owner, first, Map.of("title", "Renamed")).assertStatus(200);
        assertThat(titles(list(member, ""))).contains("Renamed").doesNotContain("First");
        assertThat(titles(list(staff, ""))).contains("Renamed", "Second");
    }

    /** The customer's page stays (no SQL for it), staff's page shows the change at once. */
    @Test
    void aChangeTheCustomerCannotSeeLeavesItsPageAlone() {
        shared(owner, "Visible");
        String ownersOwn = api.newConversation(owner, Map.of("title", "Owner only", "messageContent", "private"));
        api.getConversation(member, ownersOwn).assertError(404, "NotFound");
        JsonNode before = list(member, "");
        list(staff, "");

        StatementLog log = StatementLog.on(server);
        api.createMessage(owner, ownersOwn, Map.of("messageContent", "still private")).assertStatus(201);
        api.newConversation(outsider, Map.of("title", "Elsewhere", "messageContent", "another customer"));
        log.clear();

        assertThat(list(member, "")).isEqualTo(before);
        assertThat(log.statements()).as("the member's page is not read again")
                .noneMatch(sql -> sql.contains("conversation_viewers"));
        assertThat(titles(list(staff, ""))).startsWith("Elsewhere", "Owner only");
    }

    @Test
    void aMembershipChangedOutsideTheServerShowsOnceTheServerKnowsIt() {
        shared(owner, "Shared");
        assertThat(titles(list(member, ""))).contains("Shared");
        try (Database db = Database.open(server.databaseUrl())) {
            db.write(h -> h.execute("DELETE FROM customer_members WHERE user_id = ?", server.user("customer-member").userId()));
        }
        dev.parley.testing.Eventually.identitySeen(server.parley()); // within about 0.1 s (SQLite) or a notification
        assertThat(titles(list(member, ""))).doesNotContain("Shared");
    }

    @Test
    void anotherNodesWriteShowsInAListThatWaitsForItsEvent() {
        String id = shared(owner, "Before");
        assertThat(titles(list(member, ""))).contains("Before");
        long position;
        try (Database other = Database.open(server.databaseUrl())) {
            EventLog otherLog = new EventLog(other);
            position = other.write(h -> {
                h.execute("UPDATE conversations SET title = ? WHERE conversation_id = ?", "Written elsewhere", id);
                return otherLog.append(h, "ConversationUpdated", id, server.user("customer-owner").userId());
            });
        }
        JsonNode seen = api.call("conversation-list-conversations", "GET", "/v2/conversations")
                .token(member).header("if-event-reached", "\"" + position + "\"").send().assertStatus(200).json();
        assertThat(titles(seen)).contains("Written elsewhere").doesNotContain("Before");
    }

    /**
     * Writers create conversations while readers list as three viewers, half the time waiting for
     * the newest acknowledged event: no list may count fewer conversations than were acknowledged
     * before it was asked (a page kept by a read that raced a write would show here), and at the
     * end every viewer's page equals what the server reads without its kept pages.
     */
    @Test
    void listsNeverMissAConversationAcknowledgedBeforeThem() throws Exception {
        int writes = 60;
        long base = total(api.listConversations(member, "limit=1").assertStatus(200));
        String[] tokens = {member, staff, owner};
        RacingReaders.Result result = RacingReaders.run(4, writes, v -> {
            ApiResponse created = api.createConversation(v % 2 == 0 ? owner : member, Map.of("title", "w" + v,
                    "messageContent", "number " + v,
                    "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
            created.assertStatus(201);
            return Long.parseLong(created.header("ETag").replace("\"", ""));
        }, (reader, n, before, position) -> {
            String token = tokens[(reader + n) % tokens.length];
            var call = api.call("conversation-list-conversations", "GET", "/v2/conversations?limit=5").token(token);
            if (n % 2 == 0 && position > 0) {
                call.header("if-event-reached", "\"" + position + "\"");
            }
            ApiResponse response = call.send();
            if (response.status() != 200) {
                return "status " + response.status();
            }
            long counted = titles(response.json()).stream().filter(t -> t.startsWith("w")).count();
            long newest = response.json().size() == 0 ? 0 : titleNumber(response.json().get(0));
            if (newest < before || (token != staff && total(response) < base + before)) {
                return "listed up to w" + newest + " (" + counted + " on the page, total "
                        + total(response) + ") after w" + before + " was acknowledged";
            }
            return null;
        });
        assertThat(result.violations()).isEmpty();
        assertThat(result.reads()).isPositive();
        for (String token : tokens) {
            assertThat(titleNumber(list(token, "limit=5").get(0))).isEqualTo(writes);
        }
    }

    private static long titleNumber(JsonNode conversation) {
        String title = conversation.path("title").asText();
        return title.startsWith("w") ? Long.parseLong(title.substring(1)) : 0;
    }
}
