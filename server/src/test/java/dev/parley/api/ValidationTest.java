package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to each of the 14 conversation operations, over HTTP: the status, the error
 * {@code type} ("ValidationError" for 400) and, for 400s, validation errors whose {@code path} is
 * in JavaScript notation and whose {@code type} is the ajv keyword that failed.
 *
 * <p>Bad inputs tried, by operation:
 * <ul>
 *   <li>conversation-create-conversation: invalid JSON ({@code json}); trailing tokens; duplicate
 *       keys; a JSON array, string, number and {@code null} instead of an object ({@code type});
 *       Content-Type text/plain and none (415); JSON nested 100 deep in arrays and in objects (400);
 *       a body over the 1 MiB limit (413); an empty body; missing title ({@code required});
 *       title a number ({@code type} at .title); blank and 301-character titles (.title);
 *       unknown notificationRoles value ({@code enum} at .notificationRoles[0]); notificationRoles
 *       a string ({@code type}); unknown sharedWith.aggregate and sharedWith without id
 *       ({@code oneOf} at .sharedWith); relatedTo of an unknown aggregate ({@code oneOf} at
 *       .relatedTo); mainUserId not a UUID ({@code format} at .mainUserId); categoryId not a UUID
 *       ({@code format} at .categoryId); messageContent of 8001 characters ({@code maxLength}).</li>
 *   <li>conversation-list-conversations: limit=-1 ({@code minimum}), limit=abc ({@code type}),
 *       limit=99999999999999999999, limit=10001 ({@code maximum}); skip=-1, skip=x, page=-1;
 *       status=pending, sort=priority, order=up, sort[0]=x ({@code enum} at .status[0], .sort[0],
 *       .order[0]); fullTextSearch of 5000 characters is fine (200).</li>
 *   <li>conversation-get-conversation: id neither UUID nor shortId ({@code format} at
 *       .conversationId), a shortId without its dash ({@code K7QM42XD}); a lower-case shortId is fine
 *       (SdkCompatibilityTest).</li>
 *   <li>conversation-update-conversation: bad id; title a number; categoryId not a UUID; relatedTo
 *       of an unknown aggregate; invalid JSON; Content-Type text/plain (415); an array body.</li>
 *   <li>conversation-set-conversation-status: missing status ({@code required}); status "bogus"
 *       ({@code enum}); status a number ({@code type}); an array, {@code null} and a string as
 *       body; bad id.</li>
 *   <li>conversation-list-messages-by-conversation: bad id.</li>
 *   <li>conversation-create-message: bad id; messageContent of 8001 characters ({@code maxLength});
 *       messageContent a number ({@code type}); fileIds with a non-UUID ({@code format} at
 *       .fileIds[0]); internal a string ({@code type}); an array, a string and {@code null} as body; invalid JSON; an empty object.</li>
 *   <li>conversation-update-message: messageId not a UUID ({@code format} at .messageId); bad
 *       conversation id; messageContent a number ({@code type}); an array body.</li>
 *   <li>conversation-get-conversation-members: bad id.</li>
 *   <li>conversation-get-conversation-preferences-of-customer: customerId not a UUID
 *       ({@code format} at .customerId).</li>
 *   <li>conversation-list-categories (no parameters, no body): an unknown token (401) and a
 *       malformed if-event-reached header (400 {@code format}).</li>
 *   <li>conversation-get-category: categoryId not a UUID ({@code format} at .categoryId).</li>
 *   <li>conversation-request-file-upload: conversation ids that are neither UUID nor shortId
 *       ({@code format} at .conversationId).</li>
 *   <li>conversation-get-file-access-token: fileId not a UUID ({@code format} at .fileId); bad
 *       conversation id.</li>
 *   <li>Any text holding U+0000 ({@code pattern} at its path), on every engine: PostgreSQL cannot store it.</li>
 * </ul>
 */
class ValidationTest {
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String conversationId;
    static String messageId;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        conversationId = api.newConversation(owner, Map.of("title", "Validation target", "messageContent", "first"));
        messageId = api.listMessages(owner, conversationId).assertStatus(200).json().get(1).path("messageId").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Asserts a 400 ValidationError that lists an error with this path and ajv type; returns that entry. */
    static JsonNode assertFieldError(ApiResponse r, String path, String type) {
        r.assertError(400, "ValidationError");
        JsonNode errors = r.json().path("validationErrors");
        assertThat(errors.isArray()).isTrue();
        assertThat(errors.size()).as("validationErrors of %s", r.text()).isPositive();
        for (JsonNode e : errors) {
            assertThat(e.path("message").asText()).isNotBlank();
            if (path.equals(e.path("path").asText()) && type.equals(e.path("type").asText())) {
                return e;
            }
        }
        throw new AssertionError(r.request() + ": no validation error with path '" + path + "' and type '" + type
                + "' in " + r.text());
    }

    static ApiClient.Call createCall() {
        return api.call("conversation-create-conversation", "POST", "/v2/conversations").token(owner);
    }

    static ApiResponse createRaw(String json) {
        return createCall().json(json).send();
    }

    static String nested(int depth, String open, String inner, String close) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    // ---- create conversation ------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"{\"title\": ", "{title: 'x'}", "{\"title\": \"x\",}", "not json", "{\"title\": \"x\"} {}",
            "{\"title\": \"x\", \"title\": \"y\"}"})
    void createWithInvalidJson(String json) {
        ApiResponse r = createRaw(json);
        r.assertError(400, "ValidationError");
        assertThat(r.json().path("validationErrors").get(0).path("path").asText()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"title\": \"x\"}]", "\"title\"", "42", "null", "true"})
    void createWithABodyThatIsNoObject(String json) {
        assertFieldError(createRaw(json), "", "type");
    }

    @Test
    void createWithTheWrongContentType() {
        createCall().raw("text/plain", "{\"title\": \"x\"}".getBytes(StandardCharsets.UTF_8)).send()
                .assertError(415, "UnsupportedMediaType");
        createCall().raw(null, "{\"title\": \"x\"}".getBytes(StandardCharsets.UTF_8)).send()
                .assertError(415, "UnsupportedMediaType");
        createCall().raw("application/x-www-form-urlencoded", "title=x".getBytes(StandardCharsets.UTF_8)).send()
                .assertError(415, "UnsupportedMediaType");
    }

    @Test
    void createWithAnEmptyBody() {
        createCall().raw("application/json", new byte[0]).send().assertError(400, "ValidationError");
    }

    @Test
    void createWithJsonNested100Deep() {
        createRaw("{\"title\": " + nested(100, "[", "1", "]") + "}").assertError(400, "ValidationError");
        createRaw(nested(100, "{\"a\": ", "1", "}")).assertError(400, "ValidationError");
        createRaw("{\"title\": \"deep\", \"relatedTo\": " + nested(100, "{\"x\": ", "null", "}") + "}")
                .assertError(400, "ValidationError");
    }

    @Test
    void createWithABodyOverTheLimitIs413() {
        String big = "{\"title\": \"big\", \"messageContent\": \"" + "x".repeat(1_100_000) + "\"}";
        ApiResponse r = createRaw(big);
        r.assertError(413, "PayloadTooLarge");
        assertThat(r.json().path("message").asText()).isNotBlank();
        // the server is fine afterwards
        api.getConversation(owner, conversationId).assertStatus(200);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Too() throws Exception {
        // no Content-Length: the limit must hold while reading, not only by the declared length
        byte[] big = ("{\"title\": \"big\", \"messageContent\": \"" + "x".repeat(2_100_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/v2/conversations"))
                .header("Authorization", "Bearer " + owner)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        ApiResponse r = new ApiResponse("POST /v2/conversations (chunked)", response.statusCode(), response.headers(), response.body());
        dev.parley.testing.ContractAssertions.assertMatchesContract("conversation-create-conversation", r);
        r.assertError(413, "PayloadTooLarge");
    }

    @Test
    void createWithoutTitle() {
        JsonNode e = assertFieldError(api.createConversation(owner, Map.of("messageContent", "no title")), "", "required");
        assertThat(e.path("context").path("missingProperty").asText()).isEqualTo("title");
    }

    @Test
    void createWithTitleOfTheWrongTypeOrLength() {
        JsonNode e = assertFieldError(api.createConversation(owner, Map.of("title", 5)), ".title", "type");
        assertThat(e.path("context").path("type").asText()).isEqualTo("string");
        assertFieldError(api.createConversation(owner, Map.of("title", List.of("a"))), ".title", "type");
        assertFieldError(api.createConversation(owner, Map.of("title", "   ")), ".title", "minLength");
        assertFieldError(api.createConversation(owner, Map.of("title", "t".repeat(301))), ".title", "maxLength");
    }

    @Test
    void createWithUnknownNotificationRole() {
        JsonNode e = assertFieldError(api.createConversation(owner, Map.of("title", "x",
                "notificationRoles", List.of("customer_owner", "nobody"))), ".notificationRoles[1]", "enum");
        assertThat(e.path("context").path("allowedValues").asText()).contains("customer_owner");
        assertFieldError(api.createConversation(owner, Map.of("title", "x", "notificationRoles", "customer_owner")),
                ".notificationRoles", "type");
    }

    @Test
    void createWithUnknownSharedWithAggregate() {
        assertFieldError(api.createConversation(owner, Map.of("title", "x",
                "sharedWith", Map.of("aggregate", "galaxy", "domain", "customer", "id", server.demoCustomerId()))),
                ".sharedWith", "oneOf");
        assertFieldError(api.createConversation(owner, Map.of("title", "x",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer"))), ".sharedWith", "oneOf");
        assertFieldError(api.createConversation(owner, Map.of("title", "x", "sharedWith", "customer")),
                ".sharedWith", "oneOf");
    }

    @Test
    void createWithUnknownRelatedToAggregate() {
        assertFieldError(api.createConversation(owner, Map.of("title", "x",
                "relatedTo", Map.of("aggregate", "planet", "domain", "space", "id", "earth"))), ".relatedTo", "oneOf");
    }

    @Test
    void createWithBadUuidsInTheBody() {
        JsonNode e = assertFieldError(api.createConversation(owner, Map.of("title", "x", "mainUserId", "not-a-uuid")),
                ".mainUserId", "format");
        assertThat(e.path("context").path("format").asText()).isEqualTo("uuid");
        assertFieldError(api.createConversation(owner, Map.of("title", "x", "categoryId", "general")), ".categoryId", "format");
    }

    @Test
    void textWithANulCharacterIsRefusedOnEveryEngine() {
        // PostgreSQL text cannot hold U+0000, so no engine takes it (instead of a 500 on one of them)
        assertFieldError(api.createConversation(owner, Map.of("title", "a\u0000b")), ".title", "pattern");
        assertFieldError(api.createConversation(owner, Map.of("title", "x", "messageContent", "\u0000")),
                ".messageContent", "pattern");
        assertFieldError(api.createConversation(owner, Map.of("title", "x",
                "relatedTo", Map.of("aggregate", "project", "domain", "project", "id", "p\u0000"))), ".relatedTo.id", "pattern");
        assertFieldError(api.createMessage(owner, conversationId, Map.of("messageContent", "x\u0000")),
                ".messageContent", "pattern");
        assertFieldError(api.updateMessage(owner, conversationId, messageId, Map.of("messageContent", "\u0000")),
                ".messageContent", "pattern");
        assertFieldError(api.updateConversation(owner, conversationId, Map.of("title", "\u0000 title")), ".title", "pattern");
    }

    @Test
    void createWithTooLongMessageContent() {
        JsonNode e = assertFieldError(api.createConversation(owner, Map.of("title", "x", "messageContent", "m".repeat(8001))),
                ".messageContent", "maxLength");
        assertThat(e.path("context").path("limit").asText()).isEqualTo("8000");
        // exactly the limit is fine
        api.createConversation(owner, Map.of("title", "x", "messageContent", "m".repeat(8000))).assertStatus(201);
    }

    // ---- list conversations -------------------------------------------------------------------

    static ApiResponse list(String query) {
        return api.listConversations(owner, query);
    }

    @Test
    void listWithBadLimits() {
        assertFieldError(list("limit=-1"), ".limit", "minimum");
        JsonNode e = assertFieldError(list("limit=abc"), ".limit", "type");
        assertThat(e.path("context").path("type").asText()).isEqualTo("integer");
        assertFieldError(list("limit=1.5"), ".limit", "type");
        list("limit=99999999999999999999").assertError(400, "ValidationError");
        assertThat(list("limit=99999999999999999999").json().path("validationErrors").get(0).path("path").asText())
                .isEqualTo(".limit");
        assertFieldError(list("limit=10001"), ".limit", "maximum");
        list("limit=").assertError(400, "ValidationError");
    }

    @Test
    void listWithBadSkipAndPage() {
        assertFieldError(list("skip=-1"), ".skip", "minimum");
        assertFieldError(list("skip=x"), ".skip", "type");
        assertFieldError(list("page=-1"), ".page", "minimum");
        assertFieldError(list("page=first"), ".page", "type");
        list("skip=99999999999999999999").assertError(400, "ValidationError");
    }

    @Test
    void listWithUnknownEnumValues() {
        JsonNode e = assertFieldError(list("status=pending"), ".status[0]", "enum");
        assertThat(e.path("context").path("allowedValues").asText()).contains("open", "closed");
        assertFieldError(list("status=open&status=answeredd"), ".status[1]", "enum");
        assertFieldError(list("sort=priority"), ".sort[0]", "enum");
        assertFieldError(list("sort=title&order=up"), ".order[0]", "enum");
        assertFieldError(list("sort%5B0%5D=x&order%5B0%5D=asc"), ".sort[0]", "enum");
        assertFieldError(list("sort=title&order=ASC"), ".order[0]", "enum");
    }

    @Test
    void listIgnoresUnknownParametersAndTakesLongSearches() {
        list("foo=bar&limit=1").assertStatus(200);
        list("fullTextSearch=" + "y".repeat(5000)).assertStatus(200);
        // the largest pages there are give empty lists, not overflows
        list("limit=10000&page=2147483647").assertStatus(200);
        list("limit=10000&skip=2147483647").assertStatus(200);
        list("limit=10000").assertStatus(200);
    }

    // ---- one conversation ---------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "123", "K7QM42XD", "00000000-0000-0000-0000-00000000000g", "%20"})
    void getWithAMalformedId(String id) {
        JsonNode e = assertFieldError(api.getConversation(owner, id), ".conversationId", "format");
        assertThat(e.path("context").path("format").asText()).isEqualTo("uuid");
    }

    @Test
    void updateWithBadInput() {
        assertFieldError(api.updateConversation(owner, "nope", Map.of("title", "x")), ".conversationId", "format");
        assertFieldError(api.updateConversation(owner, conversationId, Map.of("title", 7)), ".title", "type");
        assertFieldError(api.updateConversation(owner, conversationId, Map.of("categoryId", "general")), ".categoryId", "format");
        assertFieldError(api.updateConversation(owner, conversationId,
                Map.of("relatedTo", Map.of("aggregate", "moon", "domain", "moon", "id", "1"))), ".relatedTo", "oneOf");
        ApiClient.Call call = api.call("conversation-update-conversation", "PUT", "/v2/conversations/" + conversationId).token(owner);
        call.json("{\"title\": ").send().assertError(400, "ValidationError");
        api.call("conversation-update-conversation", "PUT", "/v2/conversations/" + conversationId).token(owner)
                .raw("text/plain", "title".getBytes(StandardCharsets.UTF_8)).send().assertError(415, "UnsupportedMediaType");
        assertFieldError(api.call("conversation-update-conversation", "PUT", "/v2/conversations/" + conversationId)
                .token(owner).json("[]").send(), "", "type");
        assertThat(api.getConversation(owner, conversationId).json().path("title").asText()).isEqualTo("Validation target");
    }

    @Test
    void setStatusWithBadInput() {
        JsonNode missing = assertFieldError(api.call("conversation-set-conversation-status", "PUT",
                "/v2/conversations/" + conversationId + "/status").token(owner).json(Map.of()).send(), "", "required");
        assertThat(missing.path("context").path("missingProperty").asText()).isEqualTo("status");
        JsonNode e = assertFieldError(api.setStatus(owner, conversationId, "bogus"), ".status", "enum");
        assertThat(e.path("context").path("allowedValues").asText()).contains("open", "answered", "closed");
        assertFieldError(api.call("conversation-set-conversation-status", "PUT",
                "/v2/conversations/" + conversationId + "/status").token(owner).json(Map.of("status", 5)).send(), ".status", "type");
        for (String body : List.of("[]", "null", "\"closed\"", "[{\"status\": \"closed\"}]")) {
            assertFieldError(api.call("conversation-set-conversation-status", "PUT",
                    "/v2/conversations/" + conversationId + "/status").token(owner).json(body).send(), "", "type");
        }
        assertFieldError(api.setStatus(owner, "bad%20id", "closed"), ".conversationId", "format");
        assertThat(api.getConversation(owner, conversationId).json().path("status").asText()).isEqualTo("open");
    }

    @Test
    void listMessagesWithABadId() {
        assertFieldError(api.listMessages(owner, "x"), ".conversationId", "format");
    }

    @Test
    void createMessageWithBadInput() {
        assertFieldError(api.createMessage(owner, "x", Map.of("messageContent", "hi")), ".conversationId", "format");
        JsonNode e = assertFieldError(api.createMessage(owner, conversationId, Map.of("messageContent", "m".repeat(8001))),
                ".messageContent", "maxLength");
        assertThat(e.path("context").path("limit").asText()).isEqualTo("8000");
        assertFieldError(api.createMessage(owner, conversationId, Map.of("messageContent", 42)), ".messageContent", "type");
        assertFieldError(api.createMessage(owner, conversationId, Map.of("messageContent", "hi", "fileIds", List.of("x"))),
                ".fileIds[0]", "format");
        assertFieldError(api.createMessage(owner, conversationId, Map.of("messageContent", "hi", "internal", "yes")),
                ".internal", "type");
        for (String body : List.of("[\"hi\"]", "\"hi\"", "null")) {
            assertFieldError(api.call("conversation-create-message", "POST", "/v2/conversations/" + conversationId + "/messages")
                    .token(owner).json(body).send(), "", "type");
        }
        api.call("conversation-create-message", "POST", "/v2/conversations/" + conversationId + "/messages")
                .token(owner).json("{\"messageContent\": \"unterminated").send().assertError(400, "ValidationError");
        api.createMessage(owner, conversationId, Map.of()).assertError(400, "ValidationError");
    }

    @Test
    void updateMessageWithBadInput() {
        JsonNode e = assertFieldError(api.updateMessage(owner, conversationId, "not-a-uuid", Map.of("messageContent", "x")),
                ".messageId", "format");
        assertThat(e.path("context").path("format").asText()).isEqualTo("uuid");
        assertFieldError(api.updateMessage(owner, "nope", messageId, Map.of("messageContent", "x")), ".conversationId", "format");
        assertFieldError(api.updateMessage(owner, conversationId, messageId, Map.of("messageContent", 1)), ".messageContent", "type");
        assertFieldError(api.call("conversation-update-message", "PATCH",
                "/v2/conversations/" + conversationId + "/messages/" + messageId).token(owner).json("[]").send(), "", "type");
        api.updateMessage(owner, conversationId, messageId, Map.of("messageContent", "")).assertError(400, "ValidationError");
    }

    @Test
    void membersWithABadId() {
        assertFieldError(api.members(owner, "members"), ".conversationId", "format");
    }

    @Test
    void preferencesWithABadCustomerId() {
        JsonNode e = assertFieldError(api.preferences(owner, "demo-gmbh"), ".customerId", "format");
        assertThat(e.path("context").path("format").asText()).isEqualTo("uuid");
    }

    // ---- categories ---------------------------------------------------------------------------

    @Test
    void listCategoriesWithAnUnknownTokenOrMalformedHeader() {
        api.listCategories("not-a-token").assertError(401, "Unauthorized");
        assertFieldError(api.call("conversation-list-categories", "GET", "/v2/conversation-categories")
                .header("if-event-reached", "yesterday").send(), ".header.if-event-reached", "format");
    }

    @Test
    void getCategoryWithABadId() {
        assertFieldError(api.getCategory(null, "general"), ".categoryId", "format");
        assertFieldError(api.getCategory(owner, "1"), ".categoryId", "format");
    }

    // ---- files (attachments not served yet, but bad requests are still refused as such) -------

    @Test
    void requestFileUploadWithBadInput() {
        assertFieldError(api.call("conversation-request-file-upload", "POST", "/v2/conversations/nope/files")
                .token(owner).json(Map.of()).send(), ".conversationId", "format");
        assertFieldError(api.call("conversation-request-file-upload", "POST", "/v2/conversations/abcd-efg/files")
                .token(owner).json(Map.of()).send(), ".conversationId", "format");
    }

    @Test
    void getFileAccessTokenWithBadIds() {
        assertFieldError(api.call("conversation-get-file-access-token", "GET",
                "/v2/conversations/" + conversationId + "/files/not-a-file/access-token").token(owner).send(), ".fileId", "format");
        assertFieldError(api.call("conversation-get-file-access-token", "GET",
                "/v2/conversations/nope/files/" + UUID.randomUUID() + "/access-token").token(owner).send(),
                ".conversationId", "format");
    }

    @Test
    void everyConversationOperationIsCoveredHere() {
        List<String> operations = new ArrayList<>();
        ContractDocument.contract().operations().keySet().forEach(id -> {
            if (id.startsWith("conversation-")) {
                operations.add(id);
            }
        });
        assertThat(operations).hasSize(14);
    }
}
