package dev.parley.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid request bodies generated from the contract's request body schemas
 * ({@link ContractArbitraries}) for every conversation operation that takes one: each is
 * accepted, and what it wrote reads back identically (titles as stored: without surrounding
 * whitespace, see {@link ParleyRules}). Text mixes ASCII, whitespace, astral-plane characters,
 * combining marks, RTL text and direction overrides, CJK, control characters and FTS5 / tsquery
 * / SQL syntax, up to the schema's maxLength (8000 for messages, 300 for titles).
 */
class ValidBodiesFuzzTest {
    static FuzzServer fuzz;
    static String target;

    @BeforeContainer
    static void start() {
        fuzz = new FuzzServer();
        target = fuzz.newConversation();
    }

    @AfterContainer
    static void stop() {
        if (fuzz != null) {
            fuzz.close();
        }
    }

    private static Arbitrary<ObjectNode> body(String operationId) {
        return ContractArbitraries.validBody(operationId, fuzz.fixtures());
    }

    @Provide
    Arbitrary<ObjectNode> createConversation() {
        return body("conversation-create-conversation");
    }

    @Provide
    Arbitrary<ObjectNode> updateConversation() {
        return body("conversation-update-conversation");
    }

    @Provide
    Arbitrary<ObjectNode> createMessage() {
        return body("conversation-create-message");
    }

    @Provide
    Arbitrary<ObjectNode> updateMessage() {
        return body("conversation-update-message");
    }

    @Provide
    Arbitrary<ObjectNode> setStatus() {
        return body("conversation-set-conversation-status");
    }

    @Property(tries = 60)
    void createdConversationsReadBack(@ForAll("createConversation") ObjectNode body) {
        String id = fuzz.api.createConversation(fuzz.owner, body).assertStatus(201).json().path("conversationId").asText();
        JsonNode c = fuzz.api.getConversation(fuzz.owner, id).assertStatus(200).json();
        assertThat(c.path("title").textValue()).isEqualTo(body.get("title").textValue().strip());
        if (body.has("categoryId")) {
            assertThat(c.path("category").path("categoryId").textValue()).isEqualTo(body.get("categoryId").textValue());
        }
        if (body.has("relatedTo")) {
            assertThat(c.path("relatedTo")).isEqualTo(body.get("relatedTo"));
        }
        if (body.has("sharedWith")) {
            assertThat(c.path("sharedWith").path("id").textValue()).isEqualTo(body.get("sharedWith").path("id").textValue());
        }
        List<JsonNode> messages = fuzz.messages(id);
        String content = body.path("messageContent").textValue();
        if (content == null || content.isBlank()) {
            assertThat(messages).isEmpty(); // a blank first message is left out
        } else {
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0).path("messageContent").textValue()).isEqualTo(content);
        }
    }

    @Property(tries = 50)
    void updatedConversationsReadBack(@ForAll("updateConversation") ObjectNode body) {
        String before = fuzz.api.getConversation(fuzz.owner, target).assertStatus(200).json().path("title").textValue();
        fuzz.api.updateConversation(fuzz.owner, target, body).assertStatus(200);
        JsonNode c = fuzz.api.getConversation(fuzz.owner, target).assertStatus(200).json();
        String expected = body.has("title") ? body.get("title").textValue().strip() : before;
        assertThat(c.path("title").textValue()).isEqualTo(expected);
        if (body.has("relatedTo")) {
            assertThat(c.path("relatedTo")).isEqualTo(body.get("relatedTo"));
        }
    }

    @Property(tries = 60)
    void createdMessagesReadBack(@ForAll("createMessage") ObjectNode body) {
        String messageId = fuzz.api.createMessage(fuzz.owner, target, body).assertStatus(201).json().path("messageId").asText();
        assertThat(content(messageId)).isEqualTo(body.get("messageContent").textValue());
    }

    @Property(tries = 40)
    void editedMessagesReadBack(@ForAll("updateMessage") ObjectNode body) {
        String messageId = fuzz.api.createMessage(fuzz.owner, target, java.util.Map.of("messageContent", "to be edited"))
                .assertStatus(201).json().path("messageId").asText();
        fuzz.api.updateMessage(fuzz.owner, target, messageId, body).assertStatus(200);
        assertThat(content(messageId)).isEqualTo(body.get("messageContent").textValue());
    }

    @Property(tries = 20)
    void statusesReadBack(@ForAll("setStatus") ObjectNode body) {
        fuzz.api.call("conversation-set-conversation-status", "PUT", "/v2/conversations/" + target + "/status")
                .token(fuzz.owner).json(body).send().assertStatus(200);
        JsonNode c = fuzz.api.getConversation(fuzz.owner, target).assertStatus(200).json();
        assertThat(c.path("status").textValue()).isEqualTo(body.get("status").textValue());
    }

    private static String content(String messageId) {
        return fuzz.messages(target).stream()
                .filter(m -> messageId.equals(m.path("messageId").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("message " + messageId + " not listed"))
                .path("messageContent").textValue();
    }
}
