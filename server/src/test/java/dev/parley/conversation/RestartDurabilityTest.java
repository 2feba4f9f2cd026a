package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What was written survives a restart on the same data directory: conversations, their
 * timelines and statuses, the search index, the event positions, the categories, and the demo
 * credentials (the same tokens still work).
 */
class RestartDurabilityTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void dataAndCredentialsSurviveARestart() {
        ApiClient api = server.client();
        String owner = server.user("customer-owner").token();
        String member = server.user("customer-member").token();
        String employee = server.user("employee").token();
        JsonNode credentialsBefore = server.credentials().deepCopy();

        String id = api.newConversation(owner, Map.of("title", "Durable quokkaticket", "messageContent", "first words",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        api.createMessage(employee, id, Map.of("messageContent", "answer with wombatreply")).assertStatus(201);
        api.createMessage(employee, id, Map.of("messageContent", "staff note numbatnote", "internal", true)).assertStatus(201);
        ApiResponse lastWrite = api.setStatus(owner, id, "closed").assertStatus(200);
        String lastEtag = lastWrite.header("ETag");
        JsonNode conversationBefore = api.getConversation(owner, id).assertStatus(200).json();
        JsonNode staffTimelineBefore = api.listMessages(employee, id).assertStatus(200).json();
        JsonNode membersBefore = api.members(owner, id).assertStatus(200).json();
        JsonNode categoriesBefore = api.listCategories(null).assertStatus(200).json();

        server.restart();
        api = server.client();

        // the same demo users with the same tokens
        assertThat(server.credentials()).isEqualTo(credentialsBefore);
        assertThat(server.user("customer-owner").token()).isEqualTo(owner);
        // the default categories keep their ids and are not seeded twice
        assertThat(api.listCategories(null).assertStatus(200).json()).isEqualTo(categoriesBefore);

        // the conversation, its timeline (with the staff note for staff only) and its status
        assertThat(api.getConversation(owner, id).assertStatus(200).json()).isEqualTo(conversationBefore);
        assertThat(api.getConversation(member, id).assertStatus(200).json().path("status").asText()).isEqualTo("closed");
        assertThat(api.listMessages(employee, id).assertStatus(200).json()).isEqualTo(staffTimelineBefore);
        assertThat(api.listMessages(owner, id).assertStatus(200).json().findValuesAsText("messageContent"))
                .containsExactly("CONVERSATION_CREATED", "first words", "answer with wombatreply", "STATUS_ANSWERED",
                        "STATUS_CLOSED");
        assertThat(api.members(owner, id).assertStatus(200).json()).isEqualTo(membersBefore);

        // the search index: title, shortId, message text; the staff note still hidden from customers
        assertThat(ids(api, owner, "quokkaticket")).containsExactly(id);
        assertThat(ids(api, owner, conversationBefore.path("shortId").asText())).containsExactly(id);
        assertThat(ids(api, member, "wombatreply")).containsExactly(id);
        assertThat(ids(api, owner, "numbatnote")).isEmpty();
        assertThat(ids(api, employee, "numbatnote")).containsExactly(id);

        // event positions continue: an old ETag is reached at once, new writes go beyond it
        api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id).token(owner)
                .header("if-event-reached", lastEtag).send().assertStatus(200);
        ApiResponse reopened = api.createMessage(owner, id, Map.of("messageContent", "after the restart")).assertStatus(201);
        assertThat(position(reopened.header("ETag"))).isGreaterThan(position(lastEtag));
        assertThat(api.getConversation(member, id).json().path("status").asText()).isEqualTo("open");

        // and a second restart keeps the new write too
        server.restart();
        api = server.client();
        assertThat(api.listMessages(member, id).assertStatus(200).json().findValuesAsText("messageContent"))
                .endsWith("after the restart", "STATUS_OPEN");
        assertThat(ids(api, member, "after restart")).containsExactly(id);
    }

    private static java.util.List<String> ids(ApiClient api, String token, String search) {
        return api.listConversations(token, "fullTextSearch=" + java.net.URLEncoder.encode(search, java.nio.charset.StandardCharsets.UTF_8))
                .assertStatus(200).json().findValuesAsText("conversationId");
    }

    private static long position(String etag) {
        return Long.parseLong(etag.replace("\"", ""));
    }
}
