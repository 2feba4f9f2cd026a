package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.Multipart;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the official SDKs and people really send, over HTTP (every response checked against the
 * contract by the ApiClient):
 * <ul>
 *   <li>mittwald's PHP SDK encodes the empty, property-less body of
 *       {@code conversation-request-file-upload} as {@code []} (PHP's empty array): accepted there,
 *       and only where the contract's body is an optional object schema naming no property. Bad
 *       inputs tried that stay 400: {@code [1]}, {@code [{}]}, {@code "x"}, {@code 1}, {@code null}
 *       on the upload request; {@code []} for create-message, update-conversation and
 *       set-status, whose bodies name properties.</li>
 *   <li>A conversation's shortId typed in lower or mixed case works wherever a path takes a
 *       conversation id; garbage of its length ({@code k7qm_42xd}, {@code ÄBCD-1234}) is still 400.</li>
 *   <li>{@code friendlyUrl} is a usable relative URL: a file name with spaces, umlauts, {@code #},
 *       {@code %}, {@code +} and {@code &} is percent-encoded as one path segment, and the URL
 *       downloads the file.</li>
 * </ul>
 */
class SdkCompatibilityTest {
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String conversationId;
    static String shortId;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        conversationId = api.newConversation(owner, Map.of("title", "SDK compatibility", "messageContent", "first"));
        shortId = api.getConversation(owner, conversationId).assertStatus(200).json().path("shortId").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ApiResponse requestUpload(String json) {
        return api.call("conversation-request-file-upload", "POST", "/v2/conversations/" + conversationId + "/files")
                .token(owner).json(json).send();
    }

    // ---- [] as PHP's empty body -------------------------------------------------------------------

    @Test
    void anEmptyListIsTheEmptyBodyOfRequestFileUpload() {
        JsonNode created = requestUpload("[]").assertStatus(201).json();
        assertThat(created.path("uploadToken").asText()).isNotBlank();
        assertThat(created.path("conversationId").asText()).isEqualTo(conversationId);
        // the token works like one requested with {}
        JsonNode file = api.uploadFile(created.path("uploadToken").asText(),
                Multipart.file("php.txt", "text/plain", "from PHP".getBytes(StandardCharsets.UTF_8))).assertStatus(201).json();
        assertThat(file.path("name").asText()).isEqualTo("php.txt");
        requestUpload("{}").assertStatus(201);
        requestUpload(" [ ] ").assertStatus(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "[{}]", "[[]]", "\"x\"", "1", "null", "true"})
    void anythingElseThatIsNoObjectStaysRefused(String json) {
        ApiResponse r = requestUpload(json).assertError(400, "ValidationError");
        assertThat(r.json().path("validationErrors").get(0).path("type").asText()).isEqualTo("type");
    }

    @Test
    void anEmptyListIsRefusedWhereTheBodyNamesProperties() {
        for (ApiClient.Call call : List.of(
                api.call("conversation-create-message", "POST", "/v2/conversations/" + conversationId + "/messages"),
                api.call("conversation-update-conversation", "PUT", "/v2/conversations/" + conversationId),
                api.call("conversation-set-conversation-status", "PUT", "/v2/conversations/" + conversationId + "/status"),
                api.call("conversation-create-conversation", "POST", "/v2/conversations"))) {
            ApiResponse r = call.token(owner).json("[]").send().assertError(400, "ValidationError");
            assertThat(r.json().path("validationErrors").get(0).path("type").asText()).as(r.request()).isEqualTo("type");
        }
    }

    /** Derived from the contract, not a list of paths: exactly the optional, property-less object bodies. */
    @Test
    void theContractDecidesWhereAnEmptyListCounts() {
        ContractDocument contract = ContractDocument.parley();
        List<String> accepting = new ArrayList<>();
        for (ContractDocument.Operation op : contract.operations().values()) {
            boolean optional = !op.node().path("requestBody").path("required").asBoolean(false);
            JsonNode schema = op.node().has("requestBody") ? contract.requestBodySchema(op.id()) : null;
            if (optional && RequestValidator.isPropertylessObject(schema)) {
                accepting.add(op.id());
            }
        }
        assertThat(accepting).containsExactly("conversation-request-file-upload");
        assertThat(RequestValidator.isPropertylessObject(Json.tree("{\"type\": \"object\", \"properties\": {\"a\": {}}}"))).isFalse();
        assertThat(RequestValidator.isPropertylessObject(Json.tree("{\"type\": \"object\", \"required\": [\"a\"]}"))).isFalse();
        assertThat(RequestValidator.isPropertylessObject(Json.tree("{\"type\": \"object\", \"additionalProperties\": false}"))).isFalse();
    }

    // ---- shortIds in any case -------------------------------------------------------------------

    @Test
    void aShortIdWorksInAnyCase() {
        String lower = shortId.toLowerCase(Locale.ROOT);
        String mixed = lower.substring(0, 4) + shortId.substring(4);
        for (String id : List.of(shortId, lower, mixed)) {
            JsonNode c = api.getConversation(owner, id).assertStatus(200).json();
            assertThat(c.path("conversationId").asText()).as(id).isEqualTo(conversationId);
            assertThat(c.path("shortId").asText()).isEqualTo(shortId);
        }
        api.listMessages(owner, lower).assertStatus(200);
        api.members(owner, lower).assertStatus(200);
        api.createMessage(owner, lower, Map.of("messageContent", "by lower-case shortId")).assertStatus(201);
        api.updateConversation(owner, lower, Map.of("title", "renamed by lower-case shortId")).assertStatus(200);
        api.call("conversation-request-file-upload", "POST", "/v2/conversations/" + lower + "/files")
                .token(owner).json("{}").send().assertStatus(201);
        assertThat(api.getConversation(owner, conversationId).json().path("title").asText())
                .isEqualTo("renamed by lower-case shortId");
    }

    @Test
    void aLowerCaseShortIdOfNoConversationIsNotFoundAndGarbageStaysInvalid() {
        api.getConversation(owner, "zzzz-9999").assertError(404, "NotFound");
        for (String id : List.of("k7qm_42xd", "k7qm-42x", "%C3%84BCD-1234")) {
            ApiResponse r = api.getConversation(owner, id).assertError(400, "ValidationError");
            assertThat(r.json().path("validationErrors").get(0).path("path").asText()).isEqualTo(".conversationId");
        }
    }

    @Test
    void anOutsiderGetsNotFoundForALowerCaseShortIdToo() {
        String outsider = server.user("outsider").token();
        api.getConversation(outsider, shortId.toLowerCase(Locale.ROOT)).assertError(404, "NotFound");
    }

    // ---- friendlyUrl ----------------------------------------------------------------------------

    @Test
    void friendlyUrlIsPercentEncodedAndDownloadsTheFile() {
        String name = "Mein Bericht #1 (Grüße) 100% a+b&c.txt";
        byte[] content = "friendly".getBytes(StandardCharsets.UTF_8);
        JsonNode meta = api.upload(owner, conversationId, name, "text/plain", content);
        String fileId = meta.path("id").asText();
        assertThat(meta.path("name").asText()).isEqualTo(name);
        String friendly = meta.path("friendlyUrl").asText();
        assertThat(friendly).isEqualTo(fileId + "/Mein%20Bericht%20%231%20%28Gr%C3%BC%C3%9Fe%29%20100%25%20a%2Bb%26c.txt");
        assertThat(meta.path("friendlyURL").asText()).isEqualTo(friendly);
        assertThat(friendly).doesNotContain(" ", "#", "?");
        String segment = friendly.substring(friendly.indexOf('/') + 1);
        assertThat(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(name);

        String token = api.accessToken(owner, conversationId, fileId);
        ApiResponse download = api.call("file-get-file-with-name", "GET", "/v2/files/" + friendly)
                .header("Token", token).send().assertStatus(200);
        assertThat(download.body()).isEqualTo(content);
        // the same rendering in the file's meta
        assertThat(api.fileMeta(fileId, token).assertStatus(200).json().path("friendlyUrl").asText()).isEqualTo(friendly);
    }

    @Test
    void namesThatNeedNoEncodingStayReadable() {
        JsonNode meta = api.upload(owner, conversationId, "report-2026_v1.2~final.txt", "text/plain",
                "plain".getBytes(StandardCharsets.UTF_8));
        assertThat(meta.path("friendlyUrl").asText()).isEqualTo(meta.path("id").asText() + "/report-2026_v1.2~final.txt");
    }
}
