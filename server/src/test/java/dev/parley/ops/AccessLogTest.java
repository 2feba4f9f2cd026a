package dev.parley.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.AccessLines;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One access-log line per request on {@code parley.access}: method, route template (never the
 * raw id), status, duration, operation id, request id. {@code X-Request-Id}: a fair one is echoed
 * and logged; hostile ones are replaced by a fresh random id (tried: 10 kB of "a", a value with a
 * tab and spaces, non-ASCII bytes over a raw socket, a quote and backslash). {@code --log-format json}: every line
 * written to stderr parses as one JSON object.
 */
class AccessLogTest {
    static TestServer server;
    static ApiClient api;
    static String token;
    static String conversationId;
    @RegisterExtension
    final AccessLines lines = AccessLines.capture(true);

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        token = server.user("customer-owner").token();
        conversationId = api.newConversation(token, Map.of("title", "Logged", "messageContent", "first"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void contractRequestIsLoggedWithItsTemplateOperationAndStatusNotItsId() {
        ApiResponse response = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + conversationId)
                .token(token).header("X-Request-Id", "trace-42.abc").send();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).isEqualTo("trace-42.abc");

        ILoggingEvent line = lines.only("trace-42.abc");
        String text = line.getFormattedMessage();
        assertThat(text).startsWith("GET /v2/conversations/{conversationId} 200 ")
                .contains(" ms ").contains("op=conversation-get-conversation").contains("id=trace-42.abc")
                .doesNotContain(conversationId);
        assertThat(keyValues(line)).containsEntry("route", "/v2/conversations/{conversationId}")
                .containsEntry("status", 200).containsEntry("operation", "conversation-get-conversation")
                .containsEntry("requestId", "trace-42.abc").containsEntry("method", "GET");
        assertThat(line.getLevel().toString()).isEqualTo("INFO");
    }

    @Test
    void requestsOutsideTheContractAndUnmatchedOnesAreLoggedToo() {
        assertThat(OpsHttp.get(server.baseUrl(), "/healthz", Map.of("X-Request-Id", "probe-1")).status()).isEqualTo(200);
        assertThat(lines.only("probe-1").getFormattedMessage()).startsWith("GET /healthz 200 ").contains("op=-");
        ApiResponse missing = OpsHttp.get(server.baseUrl(), "/v2/no-such-thing/12345", Map.of("X-Request-Id", "lost-1"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("X-Request-Id")).isEqualTo("lost-1");
        assertThat(lines.only("lost-1").getFormattedMessage()).contains(" 404 ").doesNotContain("12345");
    }

    @Test
    void missingOrHostileRequestIdsAreReplacedByRandomOnes() {
        List<String> hostile = List.of("a".repeat(10_000), "two words\tand a tab", "quote\"back\\slash");
        List<String> given = new ArrayList<>();
        for (String value : hostile) {
            ApiResponse r = OpsHttp.get(server.baseUrl(), "/healthz", Map.of("X-Request-Id", value));
            assertThat(r.status()).isEqualTo(200);
            given.add(r.header("X-Request-Id"));
        }
        given.add(OpsHttp.get(server.baseUrl(), "/healthz").header("X-Request-Id"));
        given.add(rawNonAsciiRequestId());
        assertThat(given).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{32}"));
        assertThat(given).doesNotHaveDuplicates();
        for (String id : given) {
            assertThat(lines.only(id).getFormattedMessage()).doesNotContain("aaaa").doesNotContain("\t");
        }
    }

    @Test
    void jsonFormatWritesEveryLineAsOneJsonObject() throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LogFormat.json.apply();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            api.call("conversation-get-conversation", "GET", "/v2/conversations/" + conversationId)
                    .token(token).header("X-Request-Id", "json-1").send().assertStatus(200);
            LoggerFactory.getLogger("dev.parley.ops.test").warn("a warning\nover two lines");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!err.toString(StandardCharsets.UTF_8).contains("json-1") && System.nanoTime() < deadline) {
                pause(); // the access line follows the answer
            }
        } finally {
            System.setErr(old);
            LogFormat.text.apply();
        }
        List<String> written = err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertThat(written).hasSizeGreaterThanOrEqualTo(2);
        List<JsonNode> objects = new ArrayList<>();
        for (String line : written) {
            JsonNode node = ApiClient.parse(line);
            assertThat(node.isObject()).as(line).isTrue();
            objects.add(node);
        }
        JsonNode accessLine = objects.stream()
                .filter(o -> o.path("loggerName").asText().equals(RequestObserver.ACCESS_LOGGER)).findFirst().orElseThrow();
        assertThat(accessLine.path("level").asText()).isEqualTo("INFO");
        assertThat(accessLine.path("formattedMessage").asText()).startsWith("GET /v2/conversations/{conversationId} 200");
        assertThat(accessLine.toString()).contains("json-1").contains("conversation-get-conversation");
        JsonNode warning = objects.stream()
                .filter(o -> o.path("loggerName").asText().equals("dev.parley.ops.test")).findFirst().orElseThrow();
        assertThat(warning.path("level").asText()).isEqualTo("WARN");
        assertThat(warning.path("formattedMessage").asText()).isEqualTo("a warning\nover two lines");
    }

    /** A request id of non-ASCII bytes, which java.net.http would not send: over a socket. */
    private static String rawNonAsciiRequestId() {
        int port = server.parley().port();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Request-Id: na"
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[]{(byte) 0xc3, (byte) 0xaf});
            out.write("ve\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 200");
            return answer.lines().filter(l -> l.regionMatches(true, 0, "X-Request-Id:", 0, 13))
                    .map(l -> l.substring(13).trim()).findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> keyValues(ILoggingEvent event) {
        Map<String, Object> map = new java.util.HashMap<>();
        event.getKeyValuePairs().forEach(kv -> map.put(kv.key, kv.value));
        return map;
    }
}
