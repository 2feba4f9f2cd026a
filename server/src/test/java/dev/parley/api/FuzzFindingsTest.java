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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One example for each fault the property-based fuzzing ({@code dev.parley.fuzz}) found, so
 * that each stays fixed whatever the fuzzers happen to generate.
 */
class FuzzFindingsTest {
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String conversationId;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        conversationId = api.newConversation(owner, Map.of("title", "findings", "messageContent", "first"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTitleOf300AstralCharactersIsTakenAnd301AreNot() {
        String emoji = "\ud83d\ude00"; // one character, two UTF-16 units
        String id = api.newConversation(owner, Map.of("title", emoji.repeat(300)));
        assertThat(api.getConversation(owner, id).assertStatus(200).json().path("title").asText()).isEqualTo(emoji.repeat(300));
        ValidationTest.assertFieldError(api.createConversation(owner, Map.of("title", emoji.repeat(301))), ".title", "maxLength");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\ud800b", "\\udfff", "a\\udbff\\u0041", "\\ud83d"})
    void loneSurrogatesAreRefusedNotStoredAsQuestionMarks(String escaped) {
        String json = "{\"title\": \"t\", \"messageContent\": \"" + escaped + "\"}";
        ApiResponse r = api.call("conversation-create-conversation", "POST", "/v2/conversations").token(owner).json(json).send();
        ValidationTest.assertFieldError(r, ".messageContent", "pattern");
        // a proper pair is text like any other
        String pair = "{\"messageContent\": \"\\ud83d\\ude00\"}";
        api.call("conversation-create-message", "POST", "/v2/conversations/" + conversationId + "/messages").token(owner)
                .json(pair).send().assertStatus(201);
    }

    @Test
    void theOptionalBodyOfAnUploadRequestIsCheckedToo() {
        String path = "/v2/conversations/" + conversationId + "/files";
        api.call("conversation-request-file-upload", "POST", path).token(owner)
                .raw("text/plain", "{}".getBytes(StandardCharsets.UTF_8)).send().assertError(415, "UnsupportedMediaType");
        // [] is PHP's empty body and stands for {} here (SdkCompatibilityTest); anything else that is no object is not
        for (String notAnObject : new String[] {"[1]", "[{}]", "\"x\"", "null", "true"}) {
            api.call("conversation-request-file-upload", "POST", path).token(owner)
                    .json(notAnObject).send().assertError(400, "ValidationError");
        }
        byte[] big = ("{\"a\": \"" + "x".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        api.call("conversation-request-file-upload", "POST", path).token(owner)
                .raw("application/json", big).send().assertError(413, "PayloadTooLarge");
        // none at all is fine
        api.call("conversation-request-file-upload", "POST", path).token(owner).send().assertStatus(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/jsonx", "application/json-patch", "application/jsonp; charset=utf-8"})
    void onlyApplicationJsonIsJson(String contentType) {
        api.call("conversation-create-conversation", "POST", "/v2/conversations").token(owner)
                .raw(contentType, "{\"title\": \"t\"}".getBytes(StandardCharsets.UTF_8)).send()
                .assertError(415, "UnsupportedMediaType");
        api.call("conversation-create-conversation", "POST", "/v2/conversations").token(owner)
                .raw("Application/JSON ; charset=UTF-8", "{\"title\": \"t\"}".getBytes(StandardCharsets.UTF_8)).send()
                .assertStatus(201);
    }

    @Test
    void aUriPastTheHeaderLimitIs414InTheContractsShape() {
        ApiResponse r = api.call("conversation-list-conversations", "GET", "/v2/conversations?fullTextSearch=" + "x".repeat(20_000))
                .token(owner).send();
        r.assertError(414, "URITooLong");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().path("message").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fullTextSearch=%", "fullTextSearch=%zz", "limit=%", "fullTextSearch=%E2%82"})
    void malformedPercentEncodingIsRefusedOrIgnoredNeverA500(String query) {
        ApiResponse r = dev.parley.testing.RawHttp.get(server.baseUrl(), "/v2/conversations?" + query, owner);
        dev.parley.testing.ContractAssertions.assertMatchesContract("conversation-list-conversations", r);
        if (r.status() != 200) {
            JsonNode body = r.json();
            assertThat(r.status()).isEqualTo(400);
            assertThat(body.path("type").asText()).isEqualTo("ValidationError");
        }
    }
}
