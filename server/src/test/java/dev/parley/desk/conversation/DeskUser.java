package dev.parley.desk.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.DeskSessions;
import dev.parley.api.Json;
import dev.parley.testing.Multipart;
import dev.parley.testing.TestServer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** A demo user signed in to the desk over HTTP: one session cookie, its CSRF token, no redirects followed. */
final class DeskUser {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final String baseUrl;
    final String userId;
    String cookie;
    String csrf;

    record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        String location() {
            return headers.firstValue("Location").orElse(null);
        }

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private DeskUser(String baseUrl, String userId) {
        this.baseUrl = baseUrl;
        this.userId = userId;
    }

    static DeskUser signIn(TestServer server, String role) {
        JsonNode demo = null;
        for (JsonNode u : server.credentials().path("users")) {
            if (role.equals(u.path("role").asText())) {
                demo = u;
            }
        }
        DeskUser user = new DeskUser(server.baseUrl(), demo.path("userId").asText());
        Answer a = user.post("/sign-in", form("email", demo.path("email").asText(), "password", demo.path("password").asText()),
                "application/json", false);
        if (a.status() != 200) {
            throw new AssertionError("sign-in failed: " + a.status() + " " + a.body());
        }
        user.csrf = a.json().path("csrf").asText();
        return user;
    }

    static String form(String... pairs) {
        return IntStream.range(0, pairs.length / 2)
                .mapToObj(i -> enc(pairs[2 * i]) + "=" + enc(pairs[2 * i + 1]))
                .collect(Collectors.joining("&"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A form post with this session's _csrf added. */
    Answer submit(String path, String... pairs) {
        String body = form(pairs);
        return post(path, (body.isEmpty() ? "" : body + "&") + "_csrf=" + enc(csrf), "text/html", false);
    }

    Answer post(String path, String form, String accept, boolean csrfHeader) {
        HttpRequest.Builder b = request(path, accept).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (csrfHeader) {
            b.header("X-CSRF-Token", csrf);
        }
        return send(b.build());
    }

    Answer upload(String conversationId, Multipart body) {
        return send(request("/conversations/uploads?conversationId=" + enc(conversationId), "application/json")
                .header("Content-Type", body.contentType()).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build());
    }

    Answer get(String path) {
        return send(request(path, "text/html").GET().build());
    }

    /** Creates a conversation through the form; answers its id (from the 303's Location). */
    String create(String title, String message, String share) {
        Answer a = submit("/conversations", "title", title, "messageContent", message, "share", share);
        if (a.status() != 303) {
            throw new AssertionError("create failed: " + a.status() + " " + a.body());
        }
        return a.location().substring("/conversations/".length());
    }

    private HttpRequest.Builder request(String path, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", accept);
        if (cookie != null) {
            b.header("Cookie", DeskSessions.COOKIE + "=" + cookie);
        }
        return b;
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Answer a = new Answer(r.statusCode(), r.body(), r.headers());
            r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(DeskSessions.COOKIE + "=")).forEach(set -> {
                String value = set.substring(DeskSessions.COOKIE.length() + 1, set.indexOf(';'));
                cookie = value.isEmpty() ? null : value;
            });
            return a;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
