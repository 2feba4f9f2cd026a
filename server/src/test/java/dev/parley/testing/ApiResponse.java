package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** A response as received: status, headers, body (parsed as JSON on demand). */
public record ApiResponse(String request, int status, HttpHeaders headers, byte[] body) {

    public JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(request + ": body is not JSON: " + text(), e);
        }
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** Asserts the status, showing the body when it differs. */
    public ApiResponse assertStatus(int expected) {
        if (status != expected) {
            throw new AssertionError(request + ": expected status " + expected + " but got " + status + ": " + text());
        }
        return this;
    }

    /** Asserts an error response of the given status and error {@code type}. */
    public ApiResponse assertError(int expected, String type) {
        assertStatus(expected);
        String actual = json().path("type").asText();
        if (!type.equals(actual)) {
            throw new AssertionError(request + ": expected error type " + type + " but got " + text());
        }
        return this;
    }
}
