package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.RawHttp;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP layer's defences, each with the contract's error shape: security headers on every
 * kind of response, Jetty's own refusals (431, 414, 400, 408) included; CORS off by default and limited to the configured origins; request headers
 * over 16 KiB (431, from Jetty itself); more than {@value QueryLimits#MAX_PARAMETERS} query
 * parameters (400); a body trickled slower than the minimum data rate (408); and the client
 * address of anonymous rate limits taken from {@code X-Forwarded-For} only behind a trusted proxy.
 */
class HttpHardeningTest {
    private static TestServer server;
    private static ApiClient api;
    private static String owner;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        List<ApiResponse> responses = List.of(
                api.listCategories(null).assertStatus(200),
                api.listConversations(null, null).assertError(401, "Unauthorized"),
                api.getConversation(owner, "00000000-0000-4000-8000-000000000000").assertError(404, "NotFound"),
                api.createConversation(owner, Map.of("title", 5)).assertStatus(400),
                api.call("no-such-operation", "GET", "/v2/nothing-here").sendUnchecked(),
                // a path outside the API and the desk, asked by an API client (no text/html): still JSON
                api.call("no-such-operation", "GET", "/no-such-page").sendUnchecked());
        assertSecurityHeaders(responses);
    }

    /**
     * Jetty's own refusals, made before Javalin sees the request, carry the same headers: headers
     * over 16 KiB (431), a request target over 16 KiB (414), a control character in the target
     * (400).
     */
    @Test
    void jettysOwnRefusalsCarryTheSecurityHeadersToo() {
        List<ApiResponse> responses = List.of(
                api.call("conversation-list-categories", "GET", "/v2/conversation-categories")
                        .header("X-Padding", "a".repeat(20_000)).send().assertError(431, "RequestHeaderFieldsTooLarge"),
                RawHttp.get(server.baseUrl(), "/v2/conversation-categories?x=" + "a".repeat(20_000), owner)
                        .assertError(414, "URITooLong"),
                RawHttp.get(server.baseUrl(), "/v2/conversation-categories\u0001", owner)
                        .assertError(400, "ValidationError"));
        assertSecurityHeaders(responses);
    }

    private static void assertSecurityHeaders(List<ApiResponse> responses) {
        for (ApiResponse r : responses) {
            assertThat(r.header("X-Content-Type-Options")).as(r.request()).isEqualTo("nosniff");
            assertThat(r.header("Cache-Control")).as(r.request()).contains("no-store");
            assertThat(r.header("Referrer-Policy")).as(r.request()).isEqualTo("no-referrer");
            assertThat(r.header("Content-Type")).as(r.request()).startsWith("application/json");
            assertThat(r.header("Access-Control-Allow-Origin")).as(r.request()).isNull();
        }
    }

    @Test
    void corsIsOffByDefault() {
        ApiResponse preflight = api.call("no-such-operation", "OPTIONS", "/v2/conversations")
                .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
                .sendUnchecked();
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.header("Access-Control-Allow-Methods")).isNull();
        ApiResponse simple = api.call("conversation-list-categories", "GET", "/v2/conversation-categories")
                .header("Origin", "https://app.example.com").send();
        assertThat(simple.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void corsAllowsTheConfiguredOriginsOnly() {
        try (TestServer cors = TestServer.start(b -> b.corsOrigins(List.of("https://app.example.com")))) {
            ApiClient client = cors.client();
            ApiResponse preflight = client.call("no-such-operation", "OPTIONS", "/v2/conversations")
                    .header("Origin", "https://app.example.com").header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "authorization,content-type,if-event-reached")
                    .sendUnchecked();
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
            assertThat(preflight.header("Access-Control-Allow-Headers")).contains("authorization", "if-event-reached");

            ApiResponse allowed = client.call("conversation-list-conversations", "GET", "/v2/conversations")
                    .token(cors.user("customer-owner").token()).header("Origin", "https://app.example.com").send();
            assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
            assertThat(allowed.header("Access-Control-Expose-Headers")).contains("ETag", "X-Pagination-TotalCount",
                    "Retry-After");

            ApiResponse other = client.call("conversation-list-conversations", "GET", "/v2/conversations")
                    .token(cors.user("customer-owner").token()).header("Origin", "https://evil.example.net").send();
            assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void oversizedHeadersAre431InTheErrorShape() {
        ApiResponse r = api.call("conversation-list-categories", "GET", "/v2/conversation-categories")
                .header("X-Padding", "a".repeat(20_000)).send();
        r.assertError(431, "RequestHeaderFieldsTooLarge");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().path("message").asText()).isNotBlank();
    }

    @Test
    void tooManyQueryParametersAre400() {
        StringBuilder query = new StringBuilder("limit=5");
        for (int i = 0; i < QueryLimits.MAX_PARAMETERS; i++) {
            query.append("&sort=createdAt");
        }
        ApiResponse r = api.listConversations(owner, query.toString()).assertError(400, "ValidationError");
        assertThat(r.json().path("validationErrors").get(0).path("path").asText()).isEqualTo(".query");
        // up to the limit is fine
        api.listConversations(owner, "limit=5&sort=createdAt&order=desc").assertStatus(200);
    }

    @Test
    void aBodyTrickledTooSlowlyIs408() throws Exception {
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(300);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v2/conversations HTTP/1.1\r\nHost: parley\r\nAuthorization: Bearer " + owner
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            byte[] buffer = new byte[8192];
            while (System.nanoTime() < deadline && !received.toString(StandardCharsets.UTF_8).contains("}")) {
                try {
                    out.write(received.size() == 0 ? '{' : ' ');
                    out.flush();
                } catch (java.io.IOException closed) {
                    break;
                }
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    received.write(buffer, 0, n);
                } catch (SocketTimeoutException nothingYet) {
                    // keep trickling
                }
            }
            String response = received.toString(StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 408");
            assertThat(response.substring(0, response.indexOf("\r\n\r\n")))
                    .containsIgnoringCase("\r\nX-Content-Type-Options: nosniff\r\n")
                    .containsIgnoringCase("\r\nCache-Control: no-store\r\n")
                    .containsIgnoringCase("\r\nReferrer-Policy: no-referrer\r\n");
            JsonNode body = ApiClient.parse(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(body.path("type").asText()).isEqualTo("RequestTimeout");
            assertThat(body.path("message").asText()).isNotBlank();
        }
    }

    @Test
    void forwardedForIsIgnoredWithoutATrustedProxy() {
        try (TestServer limited = TestServer.start(b -> b.rateLimit(2, Duration.ofMinutes(1)))) {
            ApiClient client = limited.client();
            anonymous(client, "203.0.113.1").assertStatus(200);
            anonymous(client, "203.0.113.2").assertStatus(200);
            // a header anyone can write does not buy a fresh budget
            anonymous(client, "203.0.113.3").assertError(429, "RateLimitError");
        }
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBudget() {
        try (TestServer limited = TestServer.start(b -> b.rateLimit(2, Duration.ofMinutes(1))
                .trustedProxies(List.of("127.0.0.0/8", "::1")))) {
            ApiClient client = limited.client();
            anonymous(client, "203.0.113.1").assertStatus(200);
            anonymous(client, "203.0.113.1").assertStatus(200);
            anonymous(client, "203.0.113.1").assertError(429, "RateLimitError");
            anonymous(client, "203.0.113.2").assertStatus(200);
            // the proxy appends the real peer: an address the client wrote in front is not used
            anonymous(client, "203.0.113.2, 198.51.100.9").assertStatus(200);
            anonymous(client, "203.0.113.1, 198.51.100.9").assertStatus(200);
            anonymous(client, "203.0.113.1, 198.51.100.9").assertError(429, "RateLimitError");
            // garbage in the header: the proxy itself is the client
            anonymous(client, "not-an-address").assertStatus(200);
        }
    }

    private static ApiResponse anonymous(ApiClient client, String forwardedFor) {
        return client.call("conversation-list-categories", "GET", "/v2/conversation-categories")
                .header("X-Forwarded-For", forwardedFor).send();
    }
}
