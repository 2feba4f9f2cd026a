package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.DeskSessions;
import dev.parley.api.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The web desk as a browser without a browser, for page and sign-in tests: one session cookie
 * (kept from {@code Set-Cookie}), redirects not followed, an optional {@code X-Forwarded-For}.
 * The tests' own clients add what their pages need (CSRF tokens, uploads, signing in).
 */
public class DeskClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    protected final String baseUrl;
    /** The {@code parley_session} value, null when none. */
    public String cookie;
    /** Sent as {@code X-Forwarded-For} when set. */
    public String forwardedFor;

    public DeskClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A response: status, body and headers. */
    public record Answer(int status, String body, HttpHeaders headers) {
        public String location() {
            return headers.firstValue("Location").orElse(null);
        }

        public String setCookie() {
            return headers.firstValue("Set-Cookie").orElse(null);
        }

        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** {@code name=value} pairs as a form body, in order. */
    public static String form(String... pairs) {
        return IntStream.range(0, pairs.length / 2)
                .mapToObj(i -> enc(pairs[2 * i]) + "=" + enc(pairs[2 * i + 1]))
                .collect(Collectors.joining("&"));
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** POSTs a form body; {@code headers} are name, value pairs. */
    protected Answer postForm(String path, String form, String accept, String... headers) {
        return send(request(path, accept, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    protected Answer fetch(String path, String accept) {
        return send(request(path, accept).GET().build());
    }

    protected HttpRequest.Builder request(String path, String accept, String... headers) {
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

    /** Sends, and keeps the session cookie the answer sets (an empty one clears it). */
    protected Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            for (String set : r.headers().allValues("Set-Cookie")) {
                if (set.startsWith(DeskSessions.COOKIE + "=")) {
                    String value = set.substring(DeskSessions.COOKIE.length() + 1, set.indexOf(';'));
                    cookie = value.isEmpty() ? null : value;
                }
            }
            return new Answer(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
