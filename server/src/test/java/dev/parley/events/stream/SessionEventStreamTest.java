package dev.parley.events.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.testing.ApiClient;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static dev.parley.events.stream.EventStreamTest.etag;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web desk's event stream: a browser's EventSource sends the session cookie, not a token.
 * What it receives, and that signing out or deactivation ends it, are checked here; the token's
 * cases are in {@link EventStreamTest}. Bad credentials tried: no cookie, a garbled cookie, a
 * signed-out session's cookie, a valid cookie beside an invalid token (the token decides).
 */
class SessionEventStreamTest {
    static TestServer server;
    static ApiClient api;
    static JsonNode credentials;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(b -> b.streams(StreamSettings.defaults().withHeartbeat(Duration.ofMillis(300))));
        api = server.client();
        credentials = Json.MAPPER.readTree(Files.readString(server.dataDir().resolve("demo-credentials.json")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Signs in through the desk's form and returns the session cookie's value. */
    static String signIn(String role) throws Exception {
        JsonNode user = null;
        for (JsonNode u : credentials.path("users")) {
            if (u.path("role").asText().equals(role)) {
                user = u;
            }
        }
        assertThat(user).as("demo user %s", role).isNotNull();
        String form = "email=" + URLEncoder.encode(user.path("email").asText(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(user.path("password").asText(), StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring("parley_session=".length(), cookie.indexOf(';'));
    }

    static SseStream open(String cookie) {
        return SseStream.open(server.baseUrl(), null, null, Map.of("Cookie", "parley_session=" + cookie));
    }

    static String create(String role, String title) {
        return api.createConversation(server.user(role).token(), Map.of("title", title, "sharedWith",
                        Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId()))).assertStatus(201).json().path("conversationId").asText();
    }

    @Test
    void aSessionCookieOpensTheStreamAndItCarriesWhatTheUserMaySeeButNoNotes() throws Exception {
        String cookie = signIn("customer-member");
        String id = create("customer-owner", "session stream");
        try (SseStream s = open(cookie)) {
            assertThat(s.status).isEqualTo(200);
            s.nextFrame();
            String employee = server.user("employee").token();
            api.createMessage(employee, id, Map.of("messageContent", "a note", "internal", true)).assertStatus(201);
            api.createConversation(server.user("outsider").token(), Map.of("title", "not theirs")).assertStatus(201);
            long reply = etag(api.createMessage(employee, id, Map.of("messageContent", "a reply")).assertStatus(201));
            // the next event is the reply: neither the note nor the outsider's conversation came first
            SseStream.Frame f = s.next();
            assertThat(f.event()).isEqualTo("MessageCreated");
            assertThat(f.position()).isEqualTo(reply);
        }
    }

    @Test
    void withoutValidCredentialsTheStreamIsRefusedWith401() throws Exception {
        try (SseStream none = SseStream.open(server.baseUrl(), null)) {
            assertThat(none.status).isEqualTo(401);
        }
        try (SseStream garbled = open("not-a-session")) {
            assertThat(garbled.status).isEqualTo(401);
        }
        String cookie = signIn("customer-owner");
        try (SseStream invalidToken = SseStream.open(server.baseUrl(), "no-such-token", null,
                Map.of("Cookie", "parley_session=" + cookie))) {
            assertThat(invalidToken.status).as("a token sent is checked, whatever the cookie").isEqualTo(401);
        }
    }

    @Test
    void deactivatingTheUserEndsTheSessionsStreamAtOnce() throws Exception {
        String cookie = signIn("customer-member");
        String id = create("customer-owner", "deactivation by session");
        String userId = server.user("customer-member").userId();
        try (SseStream s = open(cookie)) {
            assertThat(s.status).isEqualTo(200);
            s.nextFrame();
            server.parley().database().write(h -> h.createUpdate("UPDATE users SET active = 0 WHERE user_id = :u")
                    .bind("u", userId).execute());
            try {
                api.createMessage(server.user("customer-owner").token(), id, Map.of("messageContent", "unseen"))
                        .assertStatus(201);
                assertThat(s.eventsUntilEnd()).as("nothing delivered, the stream ends").isEmpty();
            } finally {
                server.parley().database().write(h -> h.createUpdate("UPDATE users SET active = 1 WHERE user_id = :u")
                        .bind("u", userId).execute());
            }
        }
    }

    @Test
    void aSignedOutSessionCannotOpenAStream() throws Exception {
        String cookie = signIn("customer-owner");
        String csrf = Json.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/session"))
                .header("Cookie", "parley_session=" + cookie).GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("csrf").asText();
        HttpResponse<String> out = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/sign-out"))
                .header("Cookie", "parley_session=" + cookie).header("X-CSRF-Token", csrf)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).isIn(200, 204, 303);
        try (SseStream s = open(cookie)) {
            assertThat(s.status).isEqualTo(401);
        }
    }
}
