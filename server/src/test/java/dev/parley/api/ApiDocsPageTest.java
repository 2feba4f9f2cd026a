package dev.parley.api;

import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /docs} over HTTP: the page, with the desk's CSP, names only files Parley serves itself,
 * and each of them answers 200 with its content type (cacheable for a year at its hash). Bad input
 * tried: an unknown file, a path climbing out of the folder, a stale hash (no-cache).
 */
class ApiDocsPageTest {
    static TestServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void thePageAndEveryFileItNamesAreServedByParley() throws Exception {
        HttpResponse<byte[]> page = get("/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("text/html;charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ApiDocsPage.CSP);
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        String html = new String(page.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(html).contains("data-spec-url=\"/openapi.json\"").doesNotContain("http://", "https://", "<style", "style=");
        assertThat(html.replace("<script src=", "")).doesNotContain("<script");

        Matcher refs = Pattern.compile("(?:href|src)=\"(/docs/assets/[^\"]+)\"").matcher(html);
        List<String> urls = new ArrayList<>();
        while (refs.find()) {
            urls.add(refs.group(1));
        }
        assertThat(urls).hasSize(5);
        for (String url : urls) {
            HttpResponse<byte[]> asset = get(url);
            assertThat(asset.statusCode()).as(url).isEqualTo(200);
            String type = asset.headers().firstValue("Content-Type").orElseThrow();
            if (url.contains(".js?")) {
                assertThat(type).as(url).startsWith("text/javascript");
            } else if (url.contains(".css?")) {
                assertThat(type).as(url).startsWith("text/css");
            } else {
                assertThat(type).as(url).startsWith("image/png");
            }
            assertThat(asset.headers().firstValue("Cache-Control")).as(url).hasValue("public, max-age=31536000, immutable");
            assertThat(asset.body().length).as(url).isPositive();
        }
        assertThat(get(urls.stream().filter(u -> u.contains("swagger-ui-bundle.js")).findFirst().orElseThrow()).body().length)
                .as("Swagger UI's bundle").isGreaterThan(1_000_000);
    }

    @Test
    void unknownFilesAreNotFoundAndAStaleHashIsRevalidated() throws Exception {
        assertThat(get("/docs/assets/nope.js").statusCode()).isEqualTo(404);
        assertThat(get("/docs/assets/..%2F..%2Fcontract%2Fparley-desk-extensions.json").statusCode()).isIn(400, 404);
        assertThat(get("/docs/assets/index.html").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> stale = get("/docs/assets/docs.js?v=0000");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }
}
