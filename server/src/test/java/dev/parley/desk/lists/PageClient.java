package dev.parley.desk.lists;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.testing.DeskClient;
import dev.parley.testing.TestServer;

/** A browser without a browser for page tests: one session cookie, redirects not followed, HTML asked for. */
final class PageClient extends DeskClient {
    private final TestServer server;
    String csrf;

    PageClient(TestServer server) {
        super(server.baseUrl());
        this.server = server;
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
        return fetch(path, "text/html");
    }

    Answer post(String path, String accept, String... pairs) {
        return postForm(path, form(pairs), accept);
    }
}
