package dev.parley.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No file route confirms that a file id exists to someone who may not open the file: a file a
 * request may not open is answered exactly as an id that never existed (404, the same bytes).
 *
 * <p>Credentials tried: the owner's genuine access token for the owner's own file A (as the
 * {@code token} query parameter, as the {@code Token} header, and as the query parameter with the
 * owner's API token sent along), and API tokens alone (the outsider's, the owner's). Files tried
 * with them: another file of the same conversation, a file in another customer's conversation, a
 * staff note's file, a file staff deleted, another user's unattached upload, each by UUID and by
 * shortId; compared with a random UUID and an unknown shortId. Routes: {@code GET /v2/files/{id}},
 * {@code …/meta} and {@code …/{fileName}}. Upload tokens: a used one and a random UUID on
 * {@code GET /v2/file-upload-tokens/{token}/rules}. Attaching those files to a message (their UUIDs in
 * {@code fileIds}) is refused exactly as a random UUID is.
 */
class FileExistenceTest {
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String outsider;
    static String employee;
    /** The owner's file A and the owner's access token for it. */
    static String fileA;
    static String tokenA;
    /** Files the owner's token for A must not reveal, by UUID and shortId. */
    static final Map<String, String> others = new LinkedHashMap<>();
    static final String GHOST = UUID.randomUUID().toString();
    static final String GHOST_SHORT = "file-zzzzzzzz";

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        outsider = server.user("outsider").token();
        employee = server.user("employee").token();
        String member = server.user("customer-member").token();
        String mine = api.newConversation(owner, Map.of("title", "Existence of files",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        String theirs = api.newConversation(outsider, Map.of("title", "The outsider's files",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.outsiderCustomerId())));

        fileA = attached(owner, mine, "a.txt", false);
        tokenA = api.accessToken(owner, mine, fileA);
        remember("another file of the same conversation", attached(owner, mine, "b.txt", false));
        remember("a file of another customer's conversation", attached(outsider, theirs, "o.txt", false));
        remember("a staff note's file", attached(employee, mine, "note.txt", true));
        String deleted = attached(owner, mine, "deleted.txt", false);
        String deletedShort = shortId(deleted);
        api.call("parley-delete-conversation-file", "DELETE", "/v2/conversations/" + mine + "/files/" + deleted)
                .token(employee).send().assertStatus(204);
        others.put("a deleted file", deleted);
        others.put("a deleted file (shortId)", deletedShort);
        String upload = api.upload(member, mine, "unattached.txt", "text/plain", SampleFiles.text("not yet\n")).path("id").asText();
        others.put("another user's unattached upload", upload);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Uploads a file as {@code token} and attaches it to a new message (a staff note if internal). */
    private static String attached(String token, String conversation, String name, boolean internal) {
        String id = api.upload(token, conversation, name, "text/plain", SampleFiles.text(name + "\n")).path("id").asText();
        api.createMessage(token, conversation, Map.of("fileIds", List.of(id), "internal", internal)).assertStatus(201);
        return id;
    }

    private static String shortId(String fileId) {
        return api.call("file-get-file-meta", "GET", "/v2/files/" + fileId + "/meta").token(employee).send()
                .assertStatus(200).json().path("shortId").asText();
    }

    private static void remember(String what, String fileId) {
        others.put(what, fileId);
        others.put(what + " (shortId)", shortId(fileId));
    }

    /** The ways a file route takes an access token. */
    private static Map<String, BiFunction<String, String, ApiResponse>> routesWithAccessToken() {
        Map<String, BiFunction<String, String, ApiResponse>> routes = new LinkedHashMap<>();
        routes.put("GET /v2/files/{id}?token=", (id, t) -> api.download(id, t));
        routes.put("GET /v2/files/{id} Token:", (id, t) -> api.call("file-get-file", "GET", "/v2/files/" + id)
                .header("Token", t).send());
        routes.put("GET /v2/files/{id}?token= with an API token", (id, t) -> api.call("file-get-file", "GET",
                "/v2/files/" + id + "?token=" + FileFlowTest.enc(t)).token(owner).send());
        routes.put("GET /v2/files/{id}/meta?token=", (id, t) -> api.fileMeta(id, t));
        routes.put("GET /v2/files/{id}/meta Token:", (id, t) -> api.call("file-get-file-meta", "GET",
                "/v2/files/" + id + "/meta").header("Token", t).send());
        routes.put("GET /v2/files/{id}/{name}?token=", (id, t) -> api.call("file-get-file-with-name", "GET",
                "/v2/files/" + id + "/a.txt?token=" + FileFlowTest.enc(t)).send());
        routes.put("GET /v2/files/{id}/{name} Token:", (id, t) -> api.call("file-get-file-with-name", "GET",
                "/v2/files/" + id + "/a.txt").header("Token", t).send());
        return routes;
    }

    /** The same status, content type and body bytes as the answer for an id that never existed. */
    private static void assertSameAsNonexistent(String what, ApiResponse actual, ApiResponse nonexistent) {
        nonexistent.assertError(404, "NotFound");
        assertThat(actual.status()).as(what + ": " + actual.text()).isEqualTo(404);
        assertThat(actual.header("Content-Type")).as(what).isEqualTo(nonexistent.header("Content-Type"));
        assertThat(actual.text()).as(what).isEqualTo(nonexistent.text());
    }

    @Test
    void anAccessTokenForOneFileAnswersForEveryOtherIdAsForANonexistentOne() {
        for (Map.Entry<String, BiFunction<String, String, ApiResponse>> route : routesWithAccessToken().entrySet()) {
            BiFunction<String, String, ApiResponse> send = route.getValue();
            // the token does open its own file, by UUID and by shortId
            send.apply(fileA, tokenA).assertStatus(200);
            send.apply(shortId(fileA), tokenA).assertStatus(200);
            ApiResponse nonexistent = send.apply(GHOST, tokenA);
            assertSameAsNonexistent(route.getKey() + " for an unknown shortId", send.apply(GHOST_SHORT, tokenA), nonexistent);
            for (Map.Entry<String, String> other : others.entrySet()) {
                assertSameAsNonexistent(route.getKey() + " for " + other.getKey(), send.apply(other.getValue(), tokenA),
                        nonexistent);
            }
        }
    }

    @Test
    void anApiTokenAloneAnswersForFilesItMayNotOpenAsForANonexistentOne() {
        Map<String, BiFunction<String, String, ApiResponse>> routes = new LinkedHashMap<>();
        routes.put("GET /v2/files/{id}", (id, t) -> api.call("file-get-file", "GET", "/v2/files/" + id).token(t).send());
        routes.put("GET /v2/files/{id}/meta", (id, t) -> api.call("file-get-file-meta", "GET", "/v2/files/" + id + "/meta")
                .token(t).send());
        routes.put("GET /v2/files/{id}/{name}", (id, t) -> api.call("file-get-file-with-name", "GET",
                "/v2/files/" + id + "/a.txt").token(t).send());
        for (Map.Entry<String, BiFunction<String, String, ApiResponse>> route : routes.entrySet()) {
            BiFunction<String, String, ApiResponse> send = route.getValue();
            for (String caller : List.of(outsider, owner)) {
                ApiResponse nonexistent = send.apply(GHOST, caller);
                for (Map.Entry<String, String> other : others.entrySet()) {
                    ApiResponse r = send.apply(other.getValue(), caller);
                    if (r.status() == 200) {
                        continue; // the owner sees the conversation's other file B: it may open it
                    }
                    assertSameAsNonexistent(route.getKey() + " for " + other.getKey(), r, nonexistent);
                }
                if (caller.equals(outsider)) {
                    assertSameAsNonexistent(route.getKey() + " for the owner's file", send.apply(fileA, caller), nonexistent);
                }
            }
        }
    }

    @Test
    void attachingAFileOneMayNotAttachAnswersAsForANonexistentOne() {
        String conversation = api.newConversation(owner, Map.of("title", "Attaching others' files"));
        ApiResponse nonexistent = api.createMessage(owner, conversation, Map.of("fileIds", List.of(GHOST)));
        nonexistent.assertError(400, "ValidationError");
        for (Map.Entry<String, String> other : others.entrySet()) {
            if (other.getKey().endsWith("(shortId)")) {
                continue; // fileIds are UUIDs by the contract: a shortId is a schema error before any lookup
            }
            ApiResponse r = api.createMessage(owner, conversation, Map.of("fileIds", List.of(other.getValue())));
            assertThat(r.status()).as("attaching " + other.getKey()).isEqualTo(400);
            assertThat(r.text()).as("attaching " + other.getKey()).isEqualTo(nonexistent.text());
        }
    }

    @Test
    void aUsedUploadTokenAnswersAsANonexistentOne() {
        String conversation = api.newConversation(owner, Map.of("title", "Upload tokens"));
        JsonNode requested = api.requestFileUpload(owner, conversation).assertStatus(201).json();
        String used = requested.path("uploadToken").asText();
        api.uploadFile(used, dev.parley.testing.Multipart.file("u.txt", "text/plain", SampleFiles.text("used\n")))
                .assertStatus(201);
        ApiResponse nonexistent = api.call("file-get-file-upload-token-rules", "GET",
                "/v2/file-upload-tokens/" + UUID.randomUUID() + "/rules").send();
        assertSameAsNonexistent("a used upload token", api.call("file-get-file-upload-token-rules", "GET",
                "/v2/file-upload-tokens/" + used + "/rules").send(), nonexistent);
    }
}
