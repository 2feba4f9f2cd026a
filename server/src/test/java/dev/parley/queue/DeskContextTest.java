package dev.parley.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A conversation's context for staff: its customer and project, their other recent conversations; /openapi.json lists the desk. */
class DeskContextTest {
    static TestServer server;
    static Desk desk;
    static String owner;
    static String employee;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        desk = new Desk(server);
        owner = server.user("customer-owner").token();
        employee = server.user("employee").token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void customerProjectAndTheirFiveNewestOtherConversations() {
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = desk.create(owner, "other " + i, i % 2 == 0 ? desk.customerShare() : desk.projectShare());
            desk.age(id, 10 - i); // the later, the newer
            others.add(id);
        }
        String outsiders = desk.create(server.user("outsider").token(), "not theirs", null);
        String id = desk.create(owner, "this one", desk.projectShare());
        JsonNode context = desk.context(employee, id).assertStatus(200).json();
        assertThat(context.path("customer").path("id").asText()).isEqualTo(server.demoCustomerId());
        assertThat(context.path("customer").path("name").asText()).isEqualTo("Demo GmbH");
        assertThat(context.path("project").path("id").asText()).isEqualTo(server.demoProjectId());
        assertThat(context.path("project").path("name").asText()).isEqualTo("Demo Shop");
        List<String> recent = new ArrayList<>();
        context.path("recentConversations").forEach(c -> recent.add(c.path("conversationId").asText()));
        assertThat(recent).containsExactly(others.get(6), others.get(5), others.get(4), others.get(3), others.get(2));
        assertThat(recent).doesNotContain(id, outsiders);

        // a conversation shared with nobody concerns no customer
        JsonNode none = desk.context(employee, outsiders).assertStatus(200).json();
        assertThat(none.path("customer").isNull()).isTrue();
        assertThat(none.path("project").isNull()).isTrue();
        assertThat(none.path("recentConversations").size()).isZero();
    }

    @Test
    void staffOnlyAndNotFoundForNonexistent() {
        String id = desk.create(owner, "ctx", null);
        desk.context(owner, id).assertError(403, "Forbidden");
        desk.context(owner, UUID.randomUUID().toString()).assertError(403, "Forbidden");
        desk.context(employee, UUID.randomUUID().toString()).assertError(404, "NotFound");
        desk.context(employee, "bad%20id!").assertError(400, "ValidationError");
    }

    @Test
    void openApiDocumentsEveryDeskOperation() {
        ApiResponse r = desk.api.call("conversation-list-categories", "GET", "/openapi.json").sendUnchecked().assertStatus(200);
        List<String> ids = new ArrayList<>();
        r.json().path("paths").forEach(p -> p.forEach(op -> ids.add(op.path("operationId").asText())));
        assertThat(ids).contains("parley-get-conversation-assignment", "parley-set-conversation-assignment",
                "parley-get-conversation-read-state", "parley-mark-conversation-read",
                "parley-list-conversation-read-states", "parley-get-conversation-context",
                "parley-list-conversation-queue", "parley-count-conversation-queue");
        assertThat(r.json().path("components").path("schemas").has("parley.desk.QueueItem")).isTrue();
        // the contract's own operations are all still there, unchanged in number
        assertThat(ids.stream().filter(i -> !i.startsWith("parley-")).count()).isEqualTo(20);
    }
}
