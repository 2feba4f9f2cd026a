package dev.parley.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.DeskClient;

/** A browser for the sign-in tests: one cookie jar (the session cookie), redirects not followed. */
final class Desk extends DeskClient {
    String baseUrlForTests() {
        return baseUrl;
    }

    Desk(String baseUrl) {
        super(baseUrl);
    }

    Answer post(String path, String form, String accept, String... headers) {
        return postForm(path, form, accept, headers);
    }

    Answer get(String path, String accept) {
        return fetch(path, accept);
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
