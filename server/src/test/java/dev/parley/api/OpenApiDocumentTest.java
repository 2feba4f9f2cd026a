package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /openapi.json} is Parley's document: Parley's title, version, description (tokens from
 * {@code ./parley admin token create}, no mStudio, no mittwald addresses) and {@code servers}
 * naming this installation, from {@code --public-url} or else the request (X-Forwarded-Host and
 * -Proto believed only from trusted proxies), while every operation is the contract's (with
 * Parley's documented extensions) unchanged. Bad input tried: X-Forwarded-Host / -Proto from an
 * untrusted peer, a forwarded host with a path, a space or a user part, a forwarded proto
 * {@code javascript}; more hosts than the cache keeps.
 */
class OpenApiDocumentTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode get(TestServer on, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(on.baseUrl() + "/openapi.json"));
        headers.forEach(request::header);
        HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        return Json.tree(r.body());
    }

    @Test
    void infoIsParleysNotMittwalds() throws Exception {
        JsonNode info = get(server, Map.of()).path("info");
        assertThat(info.path("title").asText()).isEqualTo("Parley API");
        assertThat(info.path("version").asText()).isEqualTo(ParleyApiInfo.version()).isNotBlank();
        assertThat(info.path("contact").path("name").asText()).isEqualTo("Parley");
        String description = info.path("description").asText();
        assertThat(description).contains("./parley admin token create --user", "X-Access-Token", "X-Ratelimit-Reset",
                "Retry-After", "SECURITY.md");
        assertThat(description.toLowerCase()).doesNotContain("mstudio", "mittwald.de", "@");
        assertThat(info.toString()).doesNotContain("Mittwald CM Service");
    }

    /** The served operations are the contract's with Parley's extensions, and nothing else changed. */
    @Test
    void everyOperationIsTheContractsUnchanged() throws Exception {
        JsonNode served = get(server, Map.of());
        ContractDocument parley = ContractDocument.parley();
        JsonNode expected = parley.document();
        assertThat(served.path("paths")).isEqualTo(expected.path("paths"));
        assertThat(served.path("components")).isEqualTo(expected.path("components"));
        assertThat(served.path("security")).isEqualTo(expected.path("security"));
        assertThat(served.path("tags")).isEqualTo(expected.path("tags"));
        assertThat(served.path("openapi")).isEqualTo(expected.path("openapi"));
        List<String> keys = new java.util.ArrayList<>();
        served.fieldNames().forEachRemaining(keys::add);
        List<String> expectedKeys = new java.util.ArrayList<>();
        expected.fieldNames().forEachRemaining(expectedKeys::add);
        assertThat(keys).isEqualTo(expectedKeys);
        // each of mittwald's 20 operations at its path and method, with its id, parameters' names and responses
        ContractDocument contract = ContractDocument.contract();
        assertThat(contract.operations()).hasSize(20);
        for (ContractDocument.Operation op : contract.operations().values()) {
            JsonNode mine = served.path("paths").path(op.path()).path(op.method().toLowerCase());
            assertThat(mine.path("operationId").asText()).as(op.id()).isEqualTo(op.id());
            assertThat(names(mine.path("responses"))).as(op.id()).isEqualTo(names(op.node().path("responses")));
            assertThat(mine.path("parameters").size()).as(op.id()).isEqualTo(op.node().path("parameters").size());
            assertThat(mine.has("requestBody")).as(op.id()).isEqualTo(op.node().has("requestBody"));
            assertThat(mine).as(op.id()).isEqualTo(parley.operation(op.id()).node());
        }
    }

    @Test
    void serversNameTheHostTheRequestCameTo() throws Exception {
        JsonNode servers = get(server, Map.of()).path("servers");
        assertThat(servers.size()).isEqualTo(1);
        assertThat(servers.get(0).path("url").asText()).isEqualTo(server.baseUrl());
        // without trusted proxies, forwarded headers are anyone's words
        JsonNode forged = get(server, Map.of("X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"));
        assertThat(forged.path("servers").get(0).path("url").asText()).isEqualTo(server.baseUrl());
    }

    @Test
    void behindATrustedProxyItsForwardedHostAndProtoCount() throws Exception {
        try (TestServer proxied = TestServer.start(b -> b.trustedProxies(List.of("127.0.0.0/8", "::1")))) {
            assertThat(url(proxied, Map.of("X-Forwarded-Host", "desk.example.com", "X-Forwarded-Proto", "https")))
                    .isEqualTo("https://desk.example.com");
            assertThat(url(proxied, Map.of("X-Forwarded-Host", "Desk.Example.com:8443, inner.local", "X-Forwarded-Proto", "https,http")))
                    .isEqualTo("https://desk.example.com:8443");
            assertThat(url(proxied, Map.of("X-Forwarded-Proto", "https"))).isEqualTo(proxied.baseUrl().replace("http:", "https:"));
            // what is no host (or no http scheme): the document names no absolute server
            for (Map<String, String> bad : List.of(Map.of("X-Forwarded-Host", "evil.example/path"),
                    Map.of("X-Forwarded-Host", "a b"), Map.of("X-Forwarded-Host", "user@evil.example"),
                    Map.of("X-Forwarded-Proto", "javascript"))) {
                assertThat(url(proxied, bad)).as(bad.toString()).isEqualTo("/");
            }
        }
    }

    @Test
    void aConfiguredPublicUrlWins() throws Exception {
        try (TestServer configured = TestServer.start(b -> b.publicUrl("https://support.example.org/")
                .trustedProxies(List.of("127.0.0.0/8")))) {
            assertThat(url(configured, Map.of())).isEqualTo("https://support.example.org");
            assertThat(url(configured, Map.of("X-Forwarded-Host", "other.example"))).isEqualTo("https://support.example.org");
        }
    }

    /** One rendering per base URL is kept (the same bytes again); past the bound, still right, just not kept. */
    @Test
    void renderingsAreKeptPerBaseUrlWithinABound() {
        OpenApiDocument doc = new OpenApiDocument(ContractDocument.parley().document(),
                new PublicBaseUrl(null, new ClientAddress(List.of())));
        byte[] first = doc.bytesFor("http://a.example");
        assertThat(doc.bytesFor("http://a.example")).isSameAs(first);
        for (int i = 0; i < OpenApiDocument.MAX_RENDERINGS + 5; i++) {
            doc.bytesFor("http://h" + i + ".example");
        }
        JsonNode late = Json.tree(new String(doc.bytesFor("http://late.example"), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(late.path("servers").get(0).path("url").asText()).isEqualTo("http://late.example");
        assertThat(doc.bytesFor("http://a.example")).isSameAs(first);
        assertThat(PublicBaseUrl.of("http", "[::1]:8080")).isEqualTo("http://[::1]:8080");
        assertThat(PublicBaseUrl.of("ftp", "a.example")).isNull();
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String url(TestServer on, Map<String, String> headers) throws Exception {
        return get(on, headers).path("servers").get(0).path("url").asText();
    }
}
