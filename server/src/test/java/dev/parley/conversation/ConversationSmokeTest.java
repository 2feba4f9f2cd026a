package dev.parley.conversation;

import dev.parley.testing.ApiClient;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The happy path of the CLI's flow, end to end over HTTP. */
class ConversationSmokeTest {
    static TestServer server;
    static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createReplyAndClose() {
        String owner = server.user("customer-owner").token();
        String employee = server.user("employee").token();
        String general = api.listCategories(null).assertStatus(200).json().get(0).path("categoryId").asText();
        String id = api.newConversation(owner, Map.of("title", "Site down", "categoryId", general,
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        api.createMessage(owner, id, Map.of("messageContent", "It returns 502")).assertStatus(201);
        api.createMessage(employee, id, Map.of("messageContent", "Fixed")).assertStatus(201);
        api.setStatus(owner, id, "closed").assertStatus(200);

        var conversation = api.getConversation(server.user("customer-member").token(), id).assertStatus(200).json();
        assertThat(conversation.path("status").asText()).isEqualTo("closed");
        assertThat(conversation.path("visibility").asText()).isEqualTo("shared");
        var timeline = api.listMessages(owner, id).assertStatus(200).json();
        assertThat(timeline.findValuesAsText("messageContent")).containsExactly(
                "CONVERSATION_CREATED", "It returns 502", "Fixed", "STATUS_ANSWERED", "STATUS_CLOSED");
        api.getConversation(server.user("outsider").token(), id).assertError(404, "NotFound");
    }
}
