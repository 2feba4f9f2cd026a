package dev.parley.api;

import dev.parley.file.UploadReceiver;
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

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request whose declared {@code Content-Length} is over the limit is refused with 413 in the
 * contract's error shape before anything of its body is read: no {@code 100 Continue} is sent, and
 * the answer arrives although the client never sends the body (a server waiting for it held a
 * thread until the idle timeout).
 *
 * <p>Variants: 2,000,000,000 bytes declared, with and without {@code Expect: 100-continue}, on
 * POST /v2/conversations, POST …/messages, PUT …/status, PUT /v2/conversations/{id}, PATCH
 * …/messages/{id}, POST …/files (upload token request), POST /v2/files (upload: its own limit),
 * PUT on the preferences path (no such operation) and POST on an unknown path, with a valid API
 * token and without any; a declared length one byte over the limit (JSON and upload), and the
 * same on a GET; a length exactly at the limit is still accepted (after {@code 100 Continue}
 * when asked for); a client sending a body 1 byte, 100 kB and 2 MB over the limit in full reads
 * the 413 (no connection reset); an upload with {@code Expect: 100-continue} is still accepted; a
 * chunked body over the limit is still refused while it is read.
 */
class DeclaredBodyLimitTest {
    static final long MAX_REQUEST_BYTES = 4096;
    static final long MAX_UPLOAD_BYTES = 64 * 1024;
    static final String HUGE = "2000000000";

    static TestServer server;
    static ApiClient api;
    static String owner;
    static String conversationId;
    static String messageId;

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b.maxRequestBytes(MAX_REQUEST_BYTES)
                .files(b.files().withMaxUploadBytes(MAX_UPLOAD_BYTES)));
        api = server.client();
        owner = server.user("customer-owner").token();
        conversationId = api.newConversation(owner, Map.of("title", "Declared lengths", "messageContent", "first"));
        messageId = api.listMessages(owner, conversationId).assertStatus(200).json().get(1).path("messageId").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Operation id (null: none), method, path. */
    static Stream<Arguments> targets() {
        String c = "/v2/conversations/";
        return Stream.of(
                Arguments.of("conversation-create-conversation", "POST", "/v2/conversations"),
                Arguments.of("conversation-create-message", "POST", c + "{c}/messages"),
                Arguments.of("conversation-set-conversation-status", "PUT", c + "{c}/status"),
                Arguments.of("conversation-update-conversation", "PUT", c + "{c}"),
                Arguments.of("conversation-update-message", "PATCH", c + "{c}/messages/{m}"),
                Arguments.of("conversation-request-file-upload", "POST", c + "{c}/files"),
                Arguments.of("file-create-file", "POST", "/v2/files"),
                Arguments.of(null, "PUT", "/v2/customers/{customer}/conversation-preferences"),
                Arguments.of(null, "POST", "/v2/no-such-thing"));
    }

    static Stream<Arguments> hugeDeclarations() {
        return targets().flatMap(t -> Stream.of(true, false).flatMap(expect -> Stream.of(true, false)
                .map(token -> Arguments.of(t.get()[0], t.get()[1], t.get()[2], expect, token))));
    }

    @ParameterizedTest(name = "{1} {2} expect={3} token={4}")
    @MethodSource("hugeDeclarations")
    void twoGigabytesDeclaredAre413AtOnce(String operationId, String method, String path, boolean expect, boolean token) {
        Map<String, String> headers = headers(HUGE, expect, token);
        if ("file-create-file".equals(operationId)) {
            headers.put("Content-Type", "multipart/form-data; boundary=x");
            headers.put("Token", requestUploadToken());
        }
        assertRefusedUnread(operationId, RawHttp.withheldBody(server.baseUrl(), method, resolve(path), headers, null));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("targets")
    void oneByteOverTheLimitIs413AtOnce(String operationId, String method, String path) {
        boolean upload = "file-create-file".equals(operationId);
        long limit = upload ? MAX_UPLOAD_BYTES + UploadReceiver.MULTIPART_ENVELOPE_BYTES : MAX_REQUEST_BYTES;
        for (boolean expect : List.of(true, false)) {
            Map<String, String> headers = headers(String.valueOf(limit + 1), expect, true);
            if (upload) {
                headers.put("Content-Type", "multipart/form-data; boundary=x");
                headers.put("Token", requestUploadToken());
            }
            assertRefusedUnread(operationId, RawHttp.withheldBody(server.baseUrl(), method, resolve(path), headers, null));
        }
    }

    @Test
    void aGetDeclaringABodyOverTheLimitIs413Too() {
        RawHttp.Exchange exchange = RawHttp.withheldBody(server.baseUrl(), "GET", "/v2/conversations",
                headers(HUGE, false, true), null);
        assertRefusedUnread("conversation-list-conversations", exchange);
    }

    @Test
    void aBodyExactlyAtTheLimitIsStillAccepted() {
        byte[] body = padded("{\"title\": \"at the limit\"}", MAX_REQUEST_BYTES);
        for (boolean expect : List.of(true, false)) {
            Map<String, String> headers = headers(String.valueOf(body.length), expect, true);
            headers.put("Content-Type", "application/json");
            RawHttp.Exchange exchange;
            if (expect) {
                exchange = RawHttp.withheldBody(server.baseUrl(), "POST", "/v2/conversations", headers, body);
                assertThat(exchange.interim()).containsExactly(100);
            } else {
                api.call("conversation-create-conversation", "POST", "/v2/conversations").token(owner)
                        .raw("application/json", body).send().assertStatus(201);
                continue;
            }
            ContractAssertions.assertMatchesContract("conversation-create-conversation", exchange.response());
            exchange.response().assertStatus(201);
        }
        // one byte more is refused, although sent in full
        api.call("conversation-create-conversation", "POST", "/v2/conversations").token(owner)
                .raw("application/json", padded("{\"title\": \"over\"}", MAX_REQUEST_BYTES + 1)).send()
                .assertError(413, "PayloadTooLarge");
    }

    /**
     * A client that sends its whole body at once (no {@code Expect}) must still read the 413: the
     * server answers first and then reads what arrives, rather than closing with it unread (which
     * resets the connection and loses the answer).
     */
    @Test
    void aClientSendingABodyOverTheLimitReadsThe413() {
        for (long length : List.of(MAX_REQUEST_BYTES + 1, MAX_REQUEST_BYTES + 100_000, MAX_REQUEST_BYTES + 2_000_000)) {
            ApiResponse r = api.call("conversation-create-conversation", "POST", "/v2/conversations").token(owner)
                    .raw("application/json", padded("{\"title\": \"sent in full\"}", length)).send();
            r.assertError(413, "PayloadTooLarge");
            api.call("conversation-create-message", "POST", "/v2/conversations/" + conversationId + "/messages")
                    .token(owner).raw("application/json", padded("{\"messageContent\": \"sent in full\"}", length)).send()
                    .assertError(413, "PayloadTooLarge");
        }
    }

    @Test
    void anUploadAskingForContinueIsStillAccepted() {
        String boundary = "declared-length-boundary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + "plain text notes\n".repeat(100) + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
        headers.put("Content-Length", String.valueOf(body.length));
        headers.put("Expect", "100-continue");
        headers.put("Token", requestUploadToken());
        RawHttp.Exchange exchange = RawHttp.withheldBody(server.baseUrl(), "POST", "/v2/files", headers, body);
        assertThat(exchange.interim()).containsExactly(100);
        ContractAssertions.assertMatchesContract("file-create-file", exchange.response());
        exchange.response().assertStatus(201);
    }

    @Test
    void aChunkedBodyOverTheLimitIsStillRefusedWhileRead() throws Exception {
        byte[] big = padded("{\"title\": \"chunked\"}", 3 * MAX_REQUEST_BYTES);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/v2/conversations"))
                .header("Authorization", "Bearer " + owner)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();
        java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        ApiResponse r = new ApiResponse("POST /v2/conversations (chunked)", response.statusCode(), response.headers(),
                response.body());
        ContractAssertions.assertMatchesContract("conversation-create-conversation", r);
        r.assertError(413, "PayloadTooLarge");
    }

    // ---- helpers ------------------------------------------------------------------------------

    static void assertRefusedUnread(String operationId, RawHttp.Exchange exchange) {
        ApiResponse r = exchange.response();
        assertThat(exchange.interim()).as("interim responses (100 Continue) to %s", r.request()).isEmpty();
        if (operationId != null) {
            ContractAssertions.assertMatchesContract(operationId, r);
        }
        r.assertError(413, "PayloadTooLarge");
        assertThat(r.json().path("message").asText()).isNotBlank();
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    static Map<String, String> headers(String contentLength, boolean expect, boolean token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Content-Length", contentLength);
        if (expect) {
            headers.put("Expect", "100-continue");
        }
        if (token) {
            headers.put("Authorization", "Bearer " + owner);
        }
        return headers;
    }

    static String resolve(String path) {
        return path.replace("{c}", conversationId).replace("{m}", messageId)
                .replace("{customer}", server.demoCustomerId());
    }

    static String requestUploadToken() {
        return api.requestFileUpload(owner, conversationId).assertStatus(201).json().path("uploadToken").asText();
    }

    /** {@code json} followed by spaces up to {@code length} bytes. */
    static byte[] padded(String json, long length) {
        return (json + " ".repeat((int) (length - json.length()))).getBytes(StandardCharsets.US_ASCII);
    }
}
