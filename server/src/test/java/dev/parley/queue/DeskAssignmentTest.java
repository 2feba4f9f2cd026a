package dev.parley.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assignment over HTTP: staff assign to an active employee or unassign; each change is an event
 * (its position is the ETag); customers are refused whether or not the conversation exists;
 * bad bodies and assignees are 400.
 */
class DeskAssignmentTest {
    static TestServer server;
    static Desk desk;
    static String owner;
    static String employee;
    static String employeeId;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        desk = new Desk(server);
        owner = server.user("customer-owner").token();
        employee = server.user("employee").token();
        employeeId = server.user("employee").userId();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void staffAssignReassignAndUnassign() {
        String id = desk.create(owner, "assign me", null);
        JsonNode before = desk.assignment(employee, id).assertStatus(200).json();
        assertThat(before.path("assigneeId").isNull()).isTrue();
        assertThat(before.path("assignedAt").isNull()).isTrue();

        ApiResponse assigned = desk.assign(employee, id, Map.of("assigneeId", employeeId)).assertStatus(200);
        assertThat(assigned.json().path("assigneeId").asText()).isEqualTo(employeeId);
        assertThat(assigned.json().path("assignedBy").asText()).isEqualTo(employeeId);
        assertThat(desk.assignment(employee, id).json().path("assigneeId").asText()).isEqualTo(employeeId);

        String[] colleague = desk.user("Colleague Cleo", true);
        desk.assign(colleague[1], id, Map.of("assigneeId", colleague[0])).assertStatus(200);
        JsonNode now = desk.assignment(employee, id).json();
        assertThat(now.path("assigneeId").asText()).isEqualTo(colleague[0]);
        assertThat(now.path("assignedBy").asText()).isEqualTo(colleague[0]);

        desk.assign(employee, id, "{\"assigneeId\":null}").assertStatus(200);
        assertThat(desk.assignment(employee, id).json().path("assigneeId").isNull()).isTrue();
        // by shortId too
        String shortId = desk.api.getConversation(employee, id).json().path("shortId").asText();
        assertThat(desk.assignment(employee, shortId).json().path("conversationId").asText()).isEqualTo(id);
    }

    @Test
    void anAssignmentIsAnEventWhosePositionIsTheEtag() {
        String id = desk.create(owner, "event", null);
        ApiResponse r = desk.assign(employee, id, Map.of("assigneeId", employeeId)).assertStatus(200);
        long position = Long.parseLong(r.header("ETag").replace("\"", "").replace("W/", ""));
        List<Map<String, Object>> rows = server.parley().database().read(h -> h.createQuery(
                "SELECT type, conversation_id, actor_id FROM events WHERE position = :p").bind("p", position).mapToMap().list());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("type", "ConversationAssigned").containsEntry("conversation_id", id)
                .containsEntry("actor_id", employeeId);
        // a read asking for that position is served
        desk.api.call("parley-get-conversation-assignment", "GET", "/v2/conversations/" + id + "/assignment")
                .token(employee).header("if-event-reached", String.valueOf(position)).send().assertStatus(200);
    }

    @Test
    void onlyActiveEmployeesMayBeAssigned() {
        String id = desk.create(owner, "who", null);
        // a customer user, a deactivated employee, a user who does not exist
        String[] former = desk.user("Former Fred", true);
        desk.deactivate(former[0]);
        for (String assignee : new String[]{server.user("customer-owner").userId(), former[0], UUID.randomUUID().toString()}) {
            desk.assign(employee, id, Map.of("assigneeId", assignee)).assertError(400, "ValidationError");
        }
        assertThat(desk.assignment(employee, id).json().path("assigneeId").isNull()).isTrue();
    }

    @Test
    void customersAreRefusedAlikeForVisibleHiddenAndNonexistentConversations() {
        String visible = desk.create(owner, "mine", null);
        String hidden = desk.create(server.user("outsider").token(), "theirs", null);
        String nonexistent = UUID.randomUUID().toString();
        for (String id : new String[]{visible, hidden, nonexistent}) {
            ApiResponse get = desk.assignment(owner, id).assertError(403, "Forbidden");
            ApiResponse put = desk.assign(owner, id, Map.of("assigneeId", employeeId)).assertError(403, "Forbidden");
            assertThat(get.json()).isEqualTo(desk.assignment(owner, nonexistent).json());
            assertThat(put.json()).isEqualTo(desk.assign(owner, nonexistent, Map.of("assigneeId", employeeId)).json());
        }
        desk.assignment(employee, nonexistent).assertError(404, "NotFound");
    }

    @Test
    void badBodiesAndIdsAre400() {
        String id = desk.create(owner, "bodies", null);
        // extra fields, the field missing, a non-UUID, a number, an array, a string, null
        for (String body : new String[]{"{\"assigneeId\":null,\"extra\":1}", "{}", "{\"assigneeId\":\"bob\"}",
                "{\"assigneeId\":5}", "[]", "\"x\"", "null", "{\"assigneeId\":"}) {
            desk.api.call("parley-set-conversation-assignment", "PUT", "/v2/conversations/" + id + "/assignment")
                    .token(employee).json(body).send().assertError(400, "ValidationError");
        }
        desk.assignment(employee, "not-an-id!").assertError(400, "ValidationError");
    }
}
