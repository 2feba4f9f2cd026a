package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.ContractAssertions;
import dev.parley.testing.RawHttp;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request text must be well-formed UTF-8: a byte sequence that is not (in a JSON body, a query
 * parameter or a path parameter) is a 400 {@code ValidationError}, never decoded leniently into
 * some other character (an overlong {@code C0 BC} read as {@code <}) nor replaced by U+FFFD.
 *
 * <p>Bad sequences tried: 2-byte overlongs ({@code C0 BC}, {@code C1 BF}), 3-byte overlong
 * ({@code E0 80 BC}), 4-byte overlong ({@code F0 80 80 BC}), a UTF-8-encoded surrogate
 * ({@code ED A0 80}), a code point above U+10FFFF ({@code F4 90 80 80}), the never-valid bytes
 * {@code F5}, {@code F8}, {@code FE}, {@code FF}, lone continuation bytes ({@code 80}, {@code BF}),
 * and sequences cut short before a quote ({@code E2 82}, {@code F0 9F 98}). In bodies: in a
 * conversation title, a message's content (create and edit), a status, an object key, and cut
 * short at the very end of the body. In query parameters ({@code fullTextSearch}, {@code status})
 * percent-encoded and as raw bytes; in path parameters percent-encoded and as raw bytes (those two
 * are Jetty's own 400, in the same shape). Valid multi-byte text
 * (umlauts, emoji, CJK, right-to-left script) is still accepted and stored byte for byte.
 */
class InvalidUtf8Test {
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String conversationId;
    static String messageId;

    /** Ill-formed UTF-8, as hex. */
    static final List<String> ILL_FORMED = List.of(
            "C0BC", "C1BF", "E080BC", "F08080BC", "EDA080", "EDBFBF", "F4908080",
            "F5808080", "F8", "FE", "FF", "80", "BF", "E282", "F09F98");

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        conversationId = api.newConversation(owner, Map.of("title", "UTF-8 target", "messageContent", "first"));
        messageId = api.listMessages(owner, conversationId).assertStatus(200).json().get(1).path("messageId").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<String> illFormed() {
        return ILL_FORMED.stream();
    }

    /** {@code prefix + bytes + suffix}, the prefix and suffix in UTF-8. */
    static byte[] with(String prefix, String hex, String suffix) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(HexFormat.of().parseHex(hex));
        out.writeBytes(suffix.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static void assertRefused(ApiResponse r) {
        r.assertError(400, "ValidationError");
        JsonNode errors = r.json().path("validationErrors");
        assertThat(errors.isArray()).as(r.text()).isTrue();
        assertThat(errors.size()).as(r.text()).isPositive();
        assertThat(r.text()).doesNotContain("Exception");
    }

    static Stream<Arguments> bodies() {
        return illFormed().flatMap(hex -> Stream.of(
                Arguments.of("title", hex),
                Arguments.of("key", hex),
                Arguments.of("end", hex)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("bodies")
    void aCreateWithIllFormedUtf8IsRefused(String where, String hex) {
        int before = conversationCount();
        byte[] body = switch (where) {
            case "title" -> with("{\"title\": \"a", hex, "\"}");
            case "key" -> with("{\"title\": \"key\", \"", hex, "\": 1}");
            default -> with("{\"title\": \"end\"}", hex, "");
        };
        assertRefused(api.call("conversation-create-conversation", "POST", "/v2/conversations")
                .token(owner).raw("application/json", body).send());
        assertThat(conversationCount()).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("illFormed")
    void messagesAndStatusesWithIllFormedUtf8AreRefused(String hex) {
        assertRefused(api.call("conversation-create-message", "POST", "/v2/conversations/" + conversationId + "/messages")
                .token(owner).raw("application/json", with("{\"messageContent\": \"", hex, "\"}")).send());
        assertRefused(api.call("conversation-update-message", "PATCH",
                        "/v2/conversations/" + conversationId + "/messages/" + messageId)
                .token(owner).raw("application/json", with("{\"messageContent\": \"x", hex, "\"}")).send());
        assertRefused(api.call("conversation-set-conversation-status", "PUT", "/v2/conversations/" + conversationId + "/status")
                .token(owner).raw("application/json", with("{\"status\": \"closed", hex, "\"}")).send());
        assertRefused(api.call("conversation-update-conversation", "PUT", "/v2/conversations/" + conversationId)
                .token(owner).raw("application/json", with("{\"title\": \"", hex, "\"}")).send());
        // nothing of it was stored
        JsonNode timeline = api.listMessages(owner, conversationId).assertStatus(200).json();
        assertThat(timeline.findValuesAsText("messageContent")).containsExactly("CONVERSATION_CREATED", "first");
        assertThat(api.getConversation(owner, conversationId).assertStatus(200).json().path("title").asText())
                .isEqualTo("UTF-8 target");
    }

    @Test
    void anOverlongLessThanIsNotStoredAsLessThan() {
        ApiResponse r = api.call("conversation-create-conversation", "POST", "/v2/conversations")
                .token(owner).raw("application/json", with("{\"title\": \"", "C0BC", "script>\"}")).send();
        assertRefused(r);
        JsonNode found = api.listConversations(owner, "fullTextSearch=script").assertStatus(200).json();
        assertThat(found.findValuesAsText("title")).noneMatch(t -> t.contains("<"));
    }

    @ParameterizedTest
    @MethodSource("illFormed")
    void percentEncodedIllFormedQueryParametersAreRefused(String hex) {
        String encoded = percent(hex);
        assertRefused(api.listConversations(owner, "fullTextSearch=" + encoded));
        assertRefused(api.listConversations(owner, "fullTextSearch=ok" + encoded + "ok&limit=5"));
        assertRefused(api.listConversations(owner, "status=open" + encoded));
        // in a key too: an unknown parameter is ignored, an ill-formed one is not
        assertRefused(api.listConversations(owner, "x" + encoded + "=1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0BC", "EDA080", "FF", "E282"})
    void rawIllFormedBytesInTheQueryAreRefused(String hex) {
        String target = "/v2/conversations?fullTextSearch="
                + new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1);
        ApiResponse r = RawHttp.get(server.baseUrl(), target, owner);
        ContractAssertions.assertMatchesContract("conversation-list-conversations", r);
        assertRefused(r);
    }

    @ParameterizedTest
    @MethodSource("illFormed")
    void percentEncodedIllFormedPathParametersAreRefused(String hex) {
        String encoded = percent(hex);
        assertRefused(api.call("conversation-get-conversation", "GET", "/v2/conversations/" + encoded)
                .token(owner).send());
        assertRefused(api.call("conversation-list-messages-by-conversation", "GET",
                "/v2/conversations/a" + encoded + "/messages").token(owner).send());
        assertRefused(api.call("conversation-get-category", "GET", "/v2/conversation-categories/" + encoded)
                .token(owner).send());
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0BC", "EDA080", "FF", "E282"})
    void rawIllFormedBytesInThePathAreRefused(String hex) {
        String target = "/v2/conversations/" + new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1);
        ApiResponse r = RawHttp.get(server.baseUrl(), target, owner);
        ContractAssertions.assertMatchesContract("conversation-get-conversation", r);
        assertRefused(r);
    }

    @Test
    void wellFormedMultiByteTextIsStoredByteForByte() {
        String text = "Grüße, Ærøskøbing · 👋🏽 家族 · 漢字テスト · مرحبا · \uD83D\uDE00 <b>&amp;</b> €";
        ApiResponse created = api.call("conversation-create-conversation", "POST", "/v2/conversations")
                .token(owner).raw("application/json; charset=utf-8",
                        ("{\"title\": \"" + text + "\", \"messageContent\": \"" + text + "\"}").getBytes(StandardCharsets.UTF_8))
                .send().assertStatus(201);
        String id = created.json().path("conversationId").asText();
        ApiResponse read = api.getConversation(owner, id).assertStatus(200);
        assertThat(read.json().path("title").asText()).isEqualTo(text);
        assertThat(api.listMessages(owner, id).assertStatus(200).json().findValuesAsText("messageContent")).contains(text);
        // and a search for it in the query string
        JsonNode found = api.listConversations(owner, "fullTextSearch="
                + java.net.URLEncoder.encode("Grüße", StandardCharsets.UTF_8)).assertStatus(200).json();
        assertThat(found.findValuesAsText("conversationId")).contains(id);
    }

    private static String percent(String hex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            out.append('%').append(hex, i, i + 2);
        }
        return out.toString();
    }

    private static int conversationCount() {
        return Integer.parseInt(api.listConversations(owner, "limit=1").assertStatus(200).header("X-Pagination-TotalCount"));
    }
}
