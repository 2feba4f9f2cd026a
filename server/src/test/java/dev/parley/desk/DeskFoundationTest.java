package dev.parley.desk;

import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk's foundation over HTTP: {@code /} goes to sign-in, browser requests get HTML error
 * pages with the page CSP while the API keeps its JSON errors, the language switch (cookie,
 * Accept-Language, no open redirect) and the versioned assets with their cache headers.
 */
class DeskFoundationTest {
    private static TestServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertPageHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).isEqualTo("text/html;charset=utf-8");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(Pages.CONTENT_SECURITY_POLICY);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(r.headers().allValues("Referrer-Policy")).hasSize(1);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void rootGoesToSignIn() {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/sign-in");
    }

    @Test
    void deskPathsThatDoNotExistGetTheNotFoundPage() {
        // (a conversation itself needs a session first: without one it leads to sign-in)
        for (String path : List.of("/conversations/00000000-0000-4000-8000-000000000000/nothing", "/queue/nothing",
                "/account/x", "/invite/abc", "/assets/nothing.js")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertPageHeaders(r);
            assertThat(r.body()).as(path).contains("<html lang=\"en\">", "Page not found", "id=\"main\"")
                    .doesNotContain("\"type\"");
        }
    }

    @Test
    void theApiKeepsItsJsonErrorsEvenForBrowsers() {
        for (String path : List.of("/v2/nothing-here", "/v2/conversations/00000000-0000-4000-8000-000000000000",
                "/openapi.json/x")) {
            HttpResponse<String> r = get(path, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
            assertThat(r.statusCode()).as(path).isIn(401, 404);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).as(path).startsWith("application/json");
            assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(r.body()).as(path).startsWith("{\"type\":");
        }
    }

    @Test
    void unknownPathsAreHtmlForBrowsersAndJsonForApiClients() {
        HttpResponse<String> browser = get("/no-such-page", "Accept", "text/html,*/*;q=0.8");
        assertThat(browser.statusCode()).isEqualTo(404);
        assertPageHeaders(browser);
        HttpResponse<String> client = get("/no-such-page", "Accept", "application/json");
        assertThat(client.statusCode()).isEqualTo(404);
        assertThat(client.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    }

    @Test
    void aWrongMethodOnADeskPathIsAnHtmlErrorPage() {
        HttpRequest post = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/lang/de"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r;
        try {
            r = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(r.statusCode()).isIn(404, 405);
        assertPageHeaders(r);
        assertThat(r.body()).doesNotContain("Exception", "at dev.parley");
    }

    @Test
    void theLanguageComesFromAcceptLanguageThenTheCookie() {
        assertThat(get("/queue/x", "Accept-Language", "de-DE,de;q=0.9,en;q=0.5").body())
                .contains("<html lang=\"de\">", "Seite nicht gefunden", "Zum Inhalt springen");
        assertThat(get("/queue/x", "Accept-Language", "fr-FR, en;q=0.3, de;q=0.2").body()).contains("<html lang=\"en\">");
        assertThat(get("/queue/x", "Accept-Language", "fr;q=1.0;;;garbage").body()).contains("<html lang=\"en\">");
        assertThat(get("/queue/x", "Accept-Language", "de", "Cookie", "lang=en").body()).contains("<html lang=\"en\">");
        assertThat(get("/queue/x", "Cookie", "lang=de").body()).contains("<html lang=\"de\">");
        assertThat(get("/queue/x", "Cookie", "lang=xx", "Accept-Language", "de").body()).contains("<html lang=\"de\">");
    }

    @Test
    void theLanguageSwitchSetsTheCookieAndGoesBackToALocalPathOnly() {
        HttpResponse<String> r = get("/lang/de?next=%2Fconversations%3Fstatus%3Dopen");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/conversations?status=open");
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("lang=de").contains("Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=");

        // open redirects: another host, protocol-relative, backslash tricks, whitespace, schemes
        for (String next : List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example",
                "%2F%2Fevil.example", "/%09/evil.example", "javascript:alert(1)", "", "evil.example")) {
            HttpResponse<String> bad = get("/lang/en?next=" + next.replace("\\", "%5C"));
            assertThat(bad.headers().firstValue("Location")).as(next).hasValue("/");
        }
        assertThat(get("/lang/fr?next=/").statusCode()).isEqualTo(404);
    }

    @Test
    void theNotFoundPageLinksTheOtherLanguageBackToItself() {
        String body = get("/queue/x?a=1").body();
        assertThat(body).contains("href=\"/lang/de?next=%2Fqueue%2Fx%3Fa%3D1\"");
    }

    @Test
    void assetsAreVersionedByContentAndCachedForAYearAtTheirCurrentVersion() {
        String page = get("/queue/x").body();
        for (String[] asset : new String[][] {{"desk.css", "text/css; charset=utf-8"},
                {"desk.js", "text/javascript; charset=utf-8"}, {"htmx.min.js", "text/javascript; charset=utf-8"},
                {"sse.js", "text/javascript; charset=utf-8"}}) {
            Matcher m = Pattern.compile("/assets/" + Pattern.quote(asset[0]) + "\\?v=([0-9a-f]{16})").matcher(page);
            assertThat(m.find()).as(asset[0] + " linked from the layout").isTrue();
            HttpResponse<String> current = get(m.group());
            assertThat(current.statusCode()).isEqualTo(200);
            assertThat(current.headers().firstValue("Content-Type")).hasValue(asset[1]);
            assertThat(current.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
            assertThat(current.body()).isNotEmpty();
            HttpResponse<String> stale = get("/assets/" + asset[0] + "?v=0000000000000000");
            assertThat(stale.headers().firstValue("Cache-Control")).hasValue("no-cache");
            String etag = current.headers().firstValue("ETag").orElseThrow();
            assertThat(get(m.group(), "If-None-Match", etag).statusCode()).isEqualTo(304);
        }
        assertThat(get("/assets/..%2Fmessages_en.properties").statusCode()).isEqualTo(404);
    }
}
