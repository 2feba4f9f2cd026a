package dev.parley.desk.lists;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.DeskSessions;
import dev.parley.api.Json;
import dev.parley.testing.TestServer;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A browser without a browser for page tests: one session cookie, redirects not followed, HTML asked for. */
final class PageClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final TestServer server;
    String cookie;
    String csrf;

    PageClient(TestServer server) {
        this.server = server;
    }

    record Answer(int status, String body, String location) {
    }

    /** Signs in as a demo user (role: customer-owner, outsider, employee …) through POST /sign-in. */
    PageClient signInAs(String role) {
        for (JsonNode u : server.credentials().path("users")) {
            if (role.equals(u.path("role").asText())) {
                Answer a = post("/sign-in", "application/json", "email", u.path("email").asText(), "password", u.path("password").asText());
                if (a.status() != 200) {
                    throw new AssertionError("sign-in failed: " + a);
                }
                csrf = Json.tree(a.body()).path("csrf").asText();
                return this;
            }
        }
        throw new IllegalArgumentException(role);
    }

    Answer get(String path) {
        return send(request(path, "text/html").GET().build());
    }

    Answer post(String path, String accept, String... pairs) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.add(enc(pairs[i]) + "=" + enc(pairs[i + 1]));
        }
        return send(request(path, accept).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", fields))).build());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Accept", accept);
        if (cookie != null) {
            b.header("Cookie", DeskSessions.COOKIE + "=" + cookie);
        }
        return b;
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            for (String set : r.headers().allValues("Set-Cookie")) {
                if (set.startsWith(DeskSessions.COOKIE + "=")) {
                    String value = set.substring(DeskSessions.COOKIE.length() + 1, set.indexOf(';'));
                    cookie = value.isEmpty() ? null : value;
                }
            }
            return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
