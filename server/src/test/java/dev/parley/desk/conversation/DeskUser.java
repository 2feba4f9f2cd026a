package dev.parley.desk.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.DeskClient;
import dev.parley.testing.Multipart;
import dev.parley.testing.TestServer;

import java.net.http.HttpRequest;

/** A demo user signed in to the desk over HTTP: one session cookie, its CSRF token, no redirects followed. */
final class DeskUser extends DeskClient {
    final String userId;
    String csrf;

    private DeskUser(String baseUrl, String userId) {
        super(baseUrl);
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

    /** A form post with this session's _csrf added. */
    Answer submit(String path, String... pairs) {
        String body = form(pairs);
        return post(path, (body.isEmpty() ? "" : body + "&") + "_csrf=" + enc(csrf), "text/html", false);
    }

    Answer post(String path, String form, String accept, boolean csrfHeader) {
        return csrfHeader ? postForm(path, form, accept, "X-CSRF-Token", csrf) : postForm(path, form, accept);
    }

    Answer upload(String conversationId, Multipart body) {
        return send(request("/conversations/uploads?conversationId=" + enc(conversationId), "application/json")
                .header("Content-Type", body.contentType()).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build());
    }

    Answer get(String path) {
        return fetch(path, "text/html");
    }

    /** Creates a conversation through the form; answers its id (from the 303's Location). */
    String create(String title, String message, String share) {
        Answer a = submit("/conversations", "title", title, "messageContent", message, "share", share);
        if (a.status() != 303) {
            throw new AssertionError("create failed: " + a.status() + " " + a.body());
        }
        return a.location().substring("/conversations/".length());
    }
}
