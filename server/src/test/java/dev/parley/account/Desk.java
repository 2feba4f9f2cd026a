package dev.parley.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A browser for tests: one cookie jar (the session cookie), redirects not followed. */
final class Desk {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String baseUrl;
    String cookie; // parley_session value, null when none
    String forwardedFor;

    String baseUrlForTests() {
        return baseUrl;
    }

    Desk(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        String location() {
            return headers.firstValue("Location").orElse(null);
        }

        String setCookie() {
            return headers.firstValue("Set-Cookie").orElse(null);
        }

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    static String form(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    Answer post(String path, String form, String accept, String... headers) {
        HttpRequest.Builder b = request(path, accept, headers)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        return send(b.build());
    }

    Answer get(String path, String accept) {
        return send(request(path, accept).GET().build());
    }

    private HttpRequest.Builder request(String path, String accept, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", accept);
        if (cookie != null) {
            b.header("Cookie", DeskSessions.COOKIE + "=" + cookie);
        }
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Answer a = new Answer(r.statusCode(), r.body(), r.headers());
            String set = a.setCookie();
            if (set != null && set.startsWith(DeskSessions.COOKIE + "=")) {
                String value = set.substring(DeskSessions.COOKIE.length() + 1, set.indexOf(';'));
                cookie = value.isEmpty() ? null : value;
            }
            return a;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs in through the form and answers the session JSON. */
    JsonNode signIn(String email, String password) {
        Answer a = post("/sign-in", form("email", email, "password", password), "application/json");
        if (a.status() != 200) {
            throw new AssertionError("sign-in failed: " + a.status() + " " + a.body());
        }
        return a.json();
    }

    Answer session() {
        return get("/session", "application/json");
    }
}
