package dev.parley.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.identity.IdentityRepository;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The desk's extension operations over HTTP for tests; every response is checked against /openapi.json. */
final class Desk {
    final TestServer server;
    final ApiClient api;

    Desk(TestServer server) {
        this.server = server;
        this.api = server.client();
    }

    ApiResponse queue(String token, String query) {
        return api.call("parley-list-conversation-queue", "GET", "/v2/conversation-queue" + (query.isEmpty() ? "" : "?" + query))
                .token(token).send();
    }

    ApiResponse counts(String token, String query) {
        return api.call("parley-count-conversation-queue", "GET",
                "/v2/conversation-queue/counts" + (query.isEmpty() ? "" : "?" + query)).token(token).send();
    }

    ApiResponse assignment(String token, String id) {
        return api.call("parley-get-conversation-assignment", "GET", "/v2/conversations/" + id + "/assignment").token(token).send();
    }

    ApiResponse assign(String token, String id, Object body) {
        return api.call("parley-set-conversation-assignment", "PUT", "/v2/conversations/" + id + "/assignment")
                .token(token).json(body).send();
    }

    ApiResponse readState(String token, String id) {
        return api.call("parley-get-conversation-read-state", "GET", "/v2/conversations/" + id + "/read-state").token(token).send();
    }

    ApiResponse markRead(String token, String id) {
        return api.call("parley-mark-conversation-read", "PUT", "/v2/conversations/" + id + "/read-state")
                .token(token).json("{}").send();
    }

    ApiResponse readStates(String token, String ids) {
        return api.call("parley-list-conversation-read-states", "GET", "/v2/conversation-read-states?conversationIds=" + ids)
                .token(token).send();
    }

    ApiResponse context(String token, String id) {
        return api.call("parley-get-conversation-context", "GET", "/v2/conversations/" + id + "/context").token(token).send();
    }

    /** A conversation created by {@code token}'s user, shared as given (null: only the creator). */
    String create(String token, String title, Map<String, Object> sharedWith) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        if (sharedWith != null) {
            body.put("sharedWith", sharedWith);
        }
        return api.createConversation(token, body).assertStatus(201).json().path("conversationId").asText();
    }

    void message(String token, String id, String text) {
        api.createMessage(token, id, Map.of("messageContent", text)).assertStatus(201);
    }

    /** Moves a conversation's last activity {@code hours} into the past (for ordering and age filters). */
    void age(String id, double hours) {
        long at = System.currentTimeMillis() - (long) (hours * 3_600_000L);
        changeOutside(id, "UPDATE conversations SET sort_at = " + at + " WHERE conversation_id = :id");
    }

    /**
     * Changes a conversation by SQL as another node would: with an event in the same
     * transaction, which this node learns of as of any other node's. Returns the event's
     * position, for {@code if-event-reached}.
     */
    long changeOutside(String id, String sql) {
        return server.parley().database().write(h -> {
            h.createUpdate(sql).bind("id", id).execute();
            return h.createUpdate("INSERT INTO events (type, conversation_id, actor_id, created_at) VALUES ('TEST', :id, NULL, :now)")
                    .bind("id", id).bind("now", System.currentTimeMillis())
                    .executeAndReturnGeneratedKeys("position").mapTo(Long.class).one();
        });
    }

    /** {@link #queue} once this node has applied the event at {@code position}. */
    ApiResponse queue(String token, String query, long position) {
        return api.call("parley-list-conversation-queue", "GET", "/v2/conversation-queue" + (query.isEmpty() ? "" : "?" + query))
                .token(token).header("if-event-reached", String.valueOf(position)).send();
    }

    /** {@link #counts} once this node has applied the event at {@code position}. */
    ApiResponse counts(String token, String query, long position) {
        return api.call("parley-count-conversation-queue", "GET",
                "/v2/conversation-queue/counts" + (query.isEmpty() ? "" : "?" + query))
                .token(token).header("if-event-reached", String.valueOf(position)).send();
    }

    /** A new user with a token: {@code [userId, token]}. */
    String[] user(String name, boolean employee) {
        return server.parley().database().write(h -> {
            String id = IdentityRepository.createUser(h, name, null, employee);
            return new String[]{id, IdentityRepository.createToken(h, id, "test", null)};
        });
    }

    void deactivate(String userId) {
        server.parley().database().write(h -> IdentityRepository.setUserActive(h, userId, false));
    }

    Map<String, Object> customerShare() {
        return Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId());
    }

    Map<String, Object> projectShare() {
        return Map.of("aggregate", "project", "domain", "project", "id", server.demoProjectId());
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static java.util.List<String> ids(JsonNode queueItems) {
        java.util.List<String> out = new java.util.ArrayList<>();
        queueItems.forEach(i -> out.add(i.path("conversation").path("conversationId").asText()));
        return out;
    }
}
