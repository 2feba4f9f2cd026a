package dev.parley.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ContractDocument;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.ContractAssertions;
import dev.parley.testing.Multipart;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.parley.identity.AccessMatrixTest.Kind.CUSTOMER;
import static dev.parley.identity.AccessMatrixTest.Kind.NONE;
import static dev.parley.identity.AccessMatrixTest.Kind.PRIVATE;
import static dev.parley.identity.AccessMatrixTest.Kind.PROJECT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what: every Conversation and File operation of the contract, for each demo role and
 * for a request without a token, on each kind of conversation. The rules (DESIGN.md, "Domain rules"):
 * a conversation is seen by its creator, its main user, the members of the customer or project
 * it is shared with, and employees; everybody else gets 404 (never 403) and never finds it in a
 * list; no token is 401 except on the public category and upload-type operations; who sees a
 * conversation but may not do the thing asked gets 403. Attachments follow their conversation
 * (and a staff note's files their note); upload and access tokens are credentials of their own:
 * whoever holds one may use it, with or without an API token.
 *
 * <p>The fixture (demo directory, see {@link DemoDirectory}):
 * <ul>
 *   <li>CUSTOMER: shared with Demo GmbH, created by the customer-owner (so also its main user);</li>
 *   <li>PROJECT: shared with the Demo Shop project, created by the project-member (its main user).
 *       The customer-owner is a project member too; the customer-member is not;</li>
 *   <li>PRIVATE: created by the customer-member, no sharedWith.</li>
 * </ul>
 * Each has one message by its creator (the one update-message edits) with a file the creator
 * uploaded, and an employee's internal note with a file the employee uploaded.
 */
class AccessMatrixTest {

    /** The callers, in the column order of {@link #TABLE}. */
    enum Actor {
        OWNER("customer-owner"), MEMBER("customer-member"), PROJECT_MEMBER("project-member"),
        OUTSIDER("outsider"), EMPLOYEE("employee"), NO_TOKEN("no token"),
        /** A customer member (and project member) whose user was deactivated. */
        DEACTIVATED("deactivated user"),
        /** The customer-owner's second token, revoked. */
        REVOKED("revoked token"),
        /** The customer-owner's third token, past its expiry. */
        EXPIRED("expired token");

        final String role;

        Actor(String role) {
            this.role = role;
        }
    }

    /**
     * The kind of conversation a row acts on; NONE for operations that name no conversation.
     * NONEXISTENT (ids nobody created) is not in the table: it is what invisible ones must look like.
     */
    enum Kind { CUSTOMER, PROJECT, PRIVATE, NONE, NONEXISTENT }

    /**
     * One row: an operation (with a variant where the body or target matters), the kind of
     * conversation, and the expected outcome per actor in {@link Actor} order:
     * owner, member, project-member, outsider, employee, no token, deactivated user, revoked token,
     * expired token. A credential that is sent must be valid, so the last three are 401 everywhere,
     * on public operations too.
     * A number is the HTTP status; {@code L} is 200 with the conversation listed and counted in
     * X-Pagination-TotalCount; {@code H} is 200 with it neither listed nor counted.
     */
    record Row(String operationId, String variant, Kind kind, List<String> expected) {
        String expectedFor(Actor actor) {
            return expected.get(actor.ordinal());
        }
    }

    /** Operation ids without a domain prefix are the Conversation domain's. */
    private static Row row(String operationId, String variant, Kind kind, String expected) {
        List<String> outcomes = Arrays.asList(expected.trim().split("\\s+"));
        if (outcomes.size() != Actor.values().length) {
            throw new IllegalArgumentException(operationId + "/" + variant + "/" + kind + ": need "
                    + Actor.values().length + " outcomes, got " + outcomes);
        }
        boolean prefixed = operationId.startsWith("file-") || operationId.startsWith("parley-");
        return new Row(prefixed ? operationId : "conversation-" + operationId, variant, kind, outcomes);
    }

    // @formatter:off
    static final List<Row> TABLE = List.of(
        //                                                               owner member pmember outsider employee none deact revoked expired
        // an audience one does not belong to is refused as a nonexistent one: 400 (SharingRefusalsTest)
        row("create-conversation",      "sharedWith",       CUSTOMER, "201   201    400     400      201      401   401   401   401"),
        row("create-conversation",      "sharedWith",       PROJECT,  "201   400    201     400      201      401   401   401   401"),
        row("create-conversation",      "no sharedWith",    PRIVATE,  "201   201    201     201      201      401   401   401   401"),

        row("list-conversations",       "all",              CUSTOMER, "L     L      H       H        L        401   401   401   401"),
        row("list-conversations",       "all",              PROJECT,  "L     H      L       H        L        401   401   401   401"),
        row("list-conversations",       "all",              PRIVATE,  "H     L      H       H        L        401   401   401   401"),
        row("list-conversations",       "fullTextSearch",   CUSTOMER, "L     L      H       H        L        401   401   401   401"),
        row("list-conversations",       "fullTextSearch",   PROJECT,  "L     H      L       H        L        401   401   401   401"),
        row("list-conversations",       "fullTextSearch",   PRIVATE,  "H     L      H       H        L        401   401   401   401"),

        row("get-conversation",         "",                 CUSTOMER, "200   200    404     404      200      401   401   401   401"),
        row("get-conversation",         "",                 PROJECT,  "200   404    200     404      200      401   401   401   401"),
        row("get-conversation",         "",                 PRIVATE,  "404   200    404     404      200      401   401   401   401"),

        // only the creator, the main user and staff may change a conversation
        row("update-conversation",      "",                 CUSTOMER, "200   403    404     404      200      401   401   401   401"),
        row("update-conversation",      "",                 PROJECT,  "403   404    200     404      200      401   401   401   401"),
        row("update-conversation",      "",                 PRIVATE,  "404   200    404     404      200      401   401   401   401"),

        row("set-conversation-status",  "closed",           CUSTOMER, "200   200    404     404      200      401   401   401   401"),
        row("set-conversation-status",  "closed",           PROJECT,  "200   404    200     404      200      401   401   401   401"),
        row("set-conversation-status",  "closed",           PRIVATE,  "404   200    404     404      200      401   401   401   401"),
        // inProgress and waiting are staff-only
        row("set-conversation-status",  "inProgress",       CUSTOMER, "403   403    404     404      200      401   401   401   401"),
        row("set-conversation-status",  "inProgress",       PROJECT,  "403   404    403     404      200      401   401   401   401"),
        row("set-conversation-status",  "inProgress",       PRIVATE,  "404   403    404     404      200      401   401   401   401"),
        row("set-conversation-status",  "waiting",          CUSTOMER, "403   403    404     404      200      401   401   401   401"),
        row("set-conversation-status",  "waiting",          PROJECT,  "403   404    403     404      200      401   401   401   401"),
        row("set-conversation-status",  "waiting",          PRIVATE,  "404   403    404     404      200      401   401   401   401"),

        row("list-messages-by-conversation", "",            CUSTOMER, "200   200    404     404      200      401   401   401   401"),
        row("list-messages-by-conversation", "",            PROJECT,  "200   404    200     404      200      401   401   401   401"),
        row("list-messages-by-conversation", "",            PRIVATE,  "404   200    404     404      200      401   401   401   401"),

        row("create-message",           "message",          CUSTOMER, "201   201    404     404      201      401   401   401   401"),
        row("create-message",           "message",          PROJECT,  "201   404    201     404      201      401   401   401   401"),
        row("create-message",           "message",          PRIVATE,  "404   201    404     404      201      401   401   401   401"),
        // staff notes are staff-only
        row("create-message",           "internal note",    CUSTOMER, "403   403    404     404      201      401   401   401   401"),
        row("create-message",           "internal note",    PROJECT,  "403   404    403     404      201      401   401   401   401"),
        row("create-message",           "internal note",    PRIVATE,  "404   403    404     404      201      401   401   401   401"),

        // the creator's message: only its author may edit it, staff included
        row("update-message",           "creator's message", CUSTOMER, "200  403    404     404      403      401   401   401   401"),
        row("update-message",           "creator's message", PROJECT,  "403  404    200     404      403      401   401   401   401"),
        row("update-message",           "creator's message", PRIVATE,  "404  200    404     404      403      401   401   401   401"),
        // a staff note does not exist for non-staff; staff may not edit another's note either
        row("update-message",           "employee's note",  CUSTOMER, "404   404    404     404      200      401   401   401   401"),
        row("update-message",           "employee's note",  PROJECT,  "404   404    404     404      200      401   401   401   401"),
        row("update-message",           "employee's note",  PRIVATE,  "404   404    404     404      200      401   401   401   401"),

        row("get-conversation-members", "",                 CUSTOMER, "200   200    404     404      200      401   401   401   401"),
        row("get-conversation-members", "",                 PROJECT,  "200   404    200     404      200      401   401   401   401"),
        row("get-conversation-members", "",                 PRIVATE,  "404   200    404     404      200      401   401   401   401"),

        // attachments: whoever sees the conversation may upload to it and open its files
        row("request-file-upload",      "",                 CUSTOMER, "201   201    404     404      201      401   401   401   401"),
        row("request-file-upload",      "",                 PROJECT,  "201   404    201     404      201      401   401   401   401"),
        row("request-file-upload",      "",                 PRIVATE,  "404   201    404     404      201      401   401   401   401"),
        row("get-file-access-token",    "creator's file",   CUSTOMER, "200   200    404     404      200      401   401   401   401"),
        row("get-file-access-token",    "creator's file",   PROJECT,  "200   404    200     404      200      401   401   401   401"),
        row("get-file-access-token",    "creator's file",   PRIVATE,  "404   200    404     404      200      401   401   401   401"),
        // a file on a staff note is as hidden as the note
        row("get-file-access-token",    "staff note's file", CUSTOMER, "404  404    404     404      200      401   401   401   401"),
        row("get-file-access-token",    "staff note's file", PROJECT,  "404  404    404     404      200      401   401   401   401"),
        row("get-file-access-token",    "staff note's file", PRIVATE,  "404  404    404     404      200      401   401   401   401"),

        // preferences of a customer: its members and staff
        row("get-conversation-preferences-of-customer", "Demo GmbH",   NONE, "200 200 404 404 200 401   401   401   401"),
        row("get-conversation-preferences-of-customer", "Outsider AG", NONE, "404 404 404 200 200 401   401   401   401"),

        // public
        row("list-categories",          "",                 NONE,     "200   200    200     200      200      200   401   401   401"),
        row("get-category",             "",                 NONE,     "200   200    200     200      200      200   401   401   401"),

        // ---- Parley's extension: staff delete an attachment (a fresh attached file per case) ----
        // who sees the conversation but is not staff gets 403; a staff note's file is hidden from them (404)
        row("parley-delete-conversation-file", "creator's file", CUSTOMER, "403 403 404 404 204 401 401 401 401"),
        row("parley-delete-conversation-file", "creator's file", PROJECT,  "403 404 403 404 204 401 401 401 401"),
        row("parley-delete-conversation-file", "creator's file", PRIVATE,  "404 403 404 404 204 401 401 401 401"),
        row("parley-delete-conversation-file", "staff note's file", CUSTOMER, "404 404 404 404 204 401 401 401 401"),
        row("parley-delete-conversation-file", "staff note's file", PROJECT,  "404 404 404 404 204 401 401 401 401"),
        row("parley-delete-conversation-file", "staff note's file", PRIVATE,  "404 404 404 404 204 401 401 401 401"),

        // ---- Parley's extension: the staff desk (DeskApi) ----
        // staff-only operations refuse every non-employee alike, before looking the conversation up
        row("parley-get-conversation-assignment", "", CUSTOMER, "403 403 403 403 200 401 401 401 401"),
        row("parley-get-conversation-assignment", "", PROJECT,  "403 403 403 403 200 401 401 401 401"),
        row("parley-get-conversation-assignment", "", PRIVATE,  "403 403 403 403 200 401 401 401 401"),
        row("parley-set-conversation-assignment", "", CUSTOMER, "403 403 403 403 200 401 401 401 401"),
        row("parley-set-conversation-assignment", "", PROJECT,  "403 403 403 403 200 401 401 401 401"),
        row("parley-set-conversation-assignment", "", PRIVATE,  "403 403 403 403 200 401 401 401 401"),
        row("parley-get-conversation-context",    "", CUSTOMER, "403 403 403 403 200 401 401 401 401"),
        row("parley-get-conversation-context",    "", PROJECT,  "403 403 403 403 200 401 401 401 401"),
        row("parley-get-conversation-context",    "", PRIVATE,  "403 403 403 403 200 401 401 401 401"),
        row("parley-list-conversation-queue",     "", NONE,     "403 403 403 403 200 401 401 401 401"),
        row("parley-count-conversation-queue",    "", NONE,     "403 403 403 403 200 401 401 401 401"),
        // read state: whoever sees the conversation; the bulk read lists it only for them (checkSuccess)
        row("parley-get-conversation-read-state", "", CUSTOMER, "200 200 404 404 200 401 401 401 401"),
        row("parley-get-conversation-read-state", "", PROJECT,  "200 404 200 404 200 401 401 401 401"),
        row("parley-get-conversation-read-state", "", PRIVATE,  "404 200 404 404 200 401 401 401 401"),
        row("parley-mark-conversation-read",      "", CUSTOMER, "200 200 404 404 200 401 401 401 401"),
        row("parley-mark-conversation-read",      "", PROJECT,  "200 404 200 404 200 401 401 401 401"),
        row("parley-mark-conversation-read",      "", PRIVATE,  "404 200 404 404 200 401 401 401 401"),
        row("parley-list-conversation-read-states", "", CUSTOMER, "200 200 200 200 200 401 401 401 401"),
        row("parley-list-conversation-read-states", "", PROJECT,  "200 200 200 200 200 401 401 401 401"),
        row("parley-list-conversation-read-states", "", PRIVATE,  "200 200 200 200 200 401 401 401 401"),

        // ---- the File domain ----
        // the upload token (issued to an employee here) is the credential; an API token sent along changes nothing
        row("file-create-file",         "upload token",     CUSTOMER, "201   201    201     201      201      201   401   401   401"),
        row("file-create-file",         "unknown upload token", CUSTOMER, "401 401  401     401      401      401   401   401   401"),
        row("file-get-file-upload-token-rules", "upload token", CUSTOMER, "200 200  200     200      200      200   401   401   401"),
        row("file-get-file-upload-token-rules", "unknown upload token", CUSTOMER, "404 404 404 404    404      404   401   401   401"),
        // public
        row("file-get-file-upload-type-rules", "conversation", NONE,  "200   200    200     200      200      200   401   401   401"),
        row("file-get-file-upload-type-rules", "avatar",    NONE,     "404   404    404     404      404      404   401   401   401"),

        // an access token alone opens its file (issued to an employee here), whoever holds it
        row("file-get-file",            "access token",     CUSTOMER, "200   200    200     200      200      200   401   401   401"),
        row("file-get-file",            "access token",     PROJECT,  "200   200    200     200      200      200   401   401   401"),
        row("file-get-file",            "access token",     PRIVATE,  "200   200    200     200      200      200   401   401   401"),
        // without one, an API token opens the files of the conversations its user sees
        row("file-get-file",            "API token",        CUSTOMER, "200   200    404     404      200      401   401   401   401"),
        row("file-get-file",            "API token",        PROJECT,  "200   404    200     404      200      401   401   401   401"),
        row("file-get-file",            "API token",        PRIVATE,  "404   200    404     404      200      401   401   401   401"),
        row("file-get-file",            "API token, staff note's file", CUSTOMER, "404 404 404 404 200      401   401   401   401"),
        row("file-get-file",            "API token, staff note's file", PROJECT,  "404 404 404 404 200      401   401   401   401"),
        row("file-get-file",            "API token, staff note's file", PRIVATE,  "404 404 404 404 200      401   401   401   401"),

        row("file-get-file-with-name",  "access token",     CUSTOMER, "200   200    200     200      200      200   401   401   401"),
        row("file-get-file-with-name",  "access token",     PROJECT,  "200   200    200     200      200      200   401   401   401"),
        row("file-get-file-with-name",  "access token",     PRIVATE,  "200   200    200     200      200      200   401   401   401"),
        row("file-get-file-with-name",  "API token",        CUSTOMER, "200   200    404     404      200      401   401   401   401"),
        row("file-get-file-with-name",  "API token",        PROJECT,  "200   404    200     404      200      401   401   401   401"),
        row("file-get-file-with-name",  "API token",        PRIVATE,  "404   200    404     404      200      401   401   401   401"),
        row("file-get-file-with-name",  "API token, staff note's file", CUSTOMER, "404 404 404 404 200      401   401   401   401"),
        row("file-get-file-with-name",  "API token, staff note's file", PROJECT,  "404 404 404 404 200      401   401   401   401"),
        row("file-get-file-with-name",  "API token, staff note's file", PRIVATE,  "404 404 404 404 200      401   401   401   401"),

        row("file-get-file-meta",       "access token",     CUSTOMER, "200   200    200     200      200      200   401   401   401"),
        row("file-get-file-meta",       "access token",     PROJECT,  "200   200    200     200      200      200   401   401   401"),
        row("file-get-file-meta",       "access token",     PRIVATE,  "200   200    200     200      200      200   401   401   401"),
        row("file-get-file-meta",       "API token",        CUSTOMER, "200   200    404     404      200      401   401   401   401"),
        row("file-get-file-meta",       "API token",        PROJECT,  "200   404    200     404      200      401   401   401   401"),
        row("file-get-file-meta",       "API token",        PRIVATE,  "404   200    404     404      200      401   401   401   401"),
        row("file-get-file-meta",       "API token, staff note's file", CUSTOMER, "404 404 404 404 200      401   401   401   401"),
        row("file-get-file-meta",       "API token, staff note's file", PROJECT,  "404 404 404 404 200      401   401   401   401"),
        row("file-get-file-meta",       "API token, staff note's file", PRIVATE,  "404 404 404 404 200      401   401   401   401")
    );
    // @formatter:on

    /** Mittwald's contract with Parley's extensions: the operations the table must cover. */
    static final ContractDocument PARLEY = ContractDocument.parley();
    static TestServer server;
    static ApiClient api;
    static final Map<Kind, Fixture> FIXTURES = new EnumMap<>(Kind.class);
    /** An access token for each fixture's creator's file, issued to the employee. */
    static final Map<Kind, String> ACCESS_TOKENS = new EnumMap<>(Kind.class);
    static String categoryId;
    /** Tokens of the actors whose credentials no longer count (deactivated user, revoked, expired). */
    static final Map<Actor, String> INVALID_TOKENS = new EnumMap<>(Actor.class);
    /** Who created each fixture conversation (and wrote its first message). */
    static final Map<Kind, Actor> CREATORS = Map.of(CUSTOMER, Actor.OWNER, PROJECT, Actor.PROJECT_MEMBER,
            PRIVATE, Actor.MEMBER);

    /**
     * A fixture conversation: its id, the unique word in its title, its creator's message and a
     * staff note, and the file attached to each.
     */
    record Fixture(String conversationId, String title, String searchWord, String creatorMessageId, String noteId,
                   String creatorFileId, String noteFileId) {
        String creatorFileName() {
            return searchWord + ".log";
        }

        byte[] creatorFileContent() {
            return SampleFiles.text("the log of " + searchWord + "\n");
        }

        byte[] noteFileContent() {
            return SampleFiles.text("staff only: " + searchWord + "\n");
        }

        Fixture withoutFiles() {
            return new Fixture(conversationId, title, searchWord, UUID.randomUUID().toString(),
                    UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        categoryId = api.listCategories(null).assertStatus(200).json().get(0).path("categoryId").asText();
        FIXTURES.put(CUSTOMER, fixture(Actor.OWNER, "alphacustomerkind",
                Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        FIXTURES.put(PROJECT, fixture(Actor.PROJECT_MEMBER, "betaprojectkind",
                Map.of("aggregate", "project", "domain", "project", "id", server.demoProjectId())));
        FIXTURES.put(PRIVATE, fixture(Actor.MEMBER, "gammaprivatekind", null));
        FIXTURES.put(Kind.NONEXISTENT, new Fixture(UUID.randomUUID().toString(), "Nobody's", "deltanonexistent",
                null, null, null, null).withoutFiles());
        for (Kind kind : List.of(CUSTOMER, PROJECT, PRIVATE)) {
            Fixture f = FIXTURES.get(kind);
            ACCESS_TOKENS.put(kind, api.accessToken(token(Actor.EMPLOYEE), f.conversationId(), f.creatorFileId()));
        }
        invalidCredentials();
    }

    /**
     * The deactivated user (a member of the demo customer and project), the owner's revoked token
     * and the owner's expired token, made with {@code parley admin}. Each token opens the customer's
     * conversation before it is made invalid, so its 401s are the deactivation's, revocation's and
     * expiry's doing.
     */
    private static void invalidCredentials() {
        String customerConversation = FIXTURES.get(CUSTOMER).conversationId();
        String deactivated = admin("user", "create", "--name", "Deactivated Member");
        admin("customer", "add-member", "--customer", server.demoCustomerId(), "--user", deactivated);
        admin("project", "add-member", "--project", server.demoProjectId(), "--user", deactivated);
        String deactivatedToken = admin("token", "create", "--user", deactivated);
        String revoked = admin("token", "create", "--user", server.user("customer-owner").userId());
        String expired = admin("token", "create", "--user", server.user("customer-owner").userId(),
                "--expires-in-days", "1");
        for (String t : List.of(deactivatedToken, revoked, expired)) {
            api.getConversation(t, customerConversation).assertStatus(200);
        }
        admin("user", "deactivate", deactivated);
        admin("token", "revoke", revoked);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(server.databaseUrl());
             java.sql.PreparedStatement st = c.prepareStatement("UPDATE api_tokens SET expires_at = ? WHERE token_hash = ?")) {
            st.setLong(1, System.currentTimeMillis() - 1000);
            st.setString(2, Tokens.hash(expired));
            assertThat(st.executeUpdate()).isEqualTo(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        INVALID_TOKENS.put(Actor.DEACTIVATED, deactivatedToken);
        INVALID_TOKENS.put(Actor.REVOKED, revoked);
        INVALID_TOKENS.put(Actor.EXPIRED, expired);
    }

    /** Runs {@code parley admin …} on the test server's store; returns what it printed. */
    private static String admin(String... args) {
        List<String> argv = new ArrayList<>(List.of("admin"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--database-url", server.databaseUrl()));
        dev.parley.testing.CliCapture.Result r = dev.parley.testing.CliCapture.run(argv);
        assertThat(r.exitCode()).as(argv + ": " + r.err()).isZero();
        return r.out().strip();
    }

    private static Fixture fixture(Actor creator, String word, Map<String, String> sharedWith) {
        Map<String, Object> body = new LinkedHashMap<>();
        String title = "Access matrix " + word;
        body.put("title", title);
        if (sharedWith != null) {
            body.put("sharedWith", sharedWith);
        }
        String id = api.newConversation(token(creator), body);
        Fixture files = new Fixture(id, title, word, null, null, null, null);
        String creatorFile = api.upload(token(creator), id, files.creatorFileName(), "text/plain",
                files.creatorFileContent()).path("id").asText();
        String message = api.createMessage(token(creator), id, Map.of("messageContent", "the creator writes",
                        "fileIds", List.of(creatorFile)))
                .assertStatus(201).json().path("messageId").asText();
        String noteFile = api.upload(token(Actor.EMPLOYEE), id, "note-" + word + ".txt", "text/plain",
                files.noteFileContent()).path("id").asText();
        String note = api.createMessage(token(Actor.EMPLOYEE), id, Map.of("messageContent", "staff only", "internal", true,
                        "fileIds", List.of(noteFile)))
                .assertStatus(201).json().path("messageId").asText();
        JsonNode conversation = api.getConversation(token(creator), id).assertStatus(200).json();
        assertThat(conversation.path("mainUser").path("userId").asText()).isEqualTo(server.user(creator.role).userId());
        assertThat(conversation.path("visibility").asText()).isEqualTo(sharedWith == null ? "private" : "shared");
        return new Fixture(id, title, word, message, note, creatorFile, noteFile);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String token(Actor actor) {
        return switch (actor) {
            case NO_TOKEN -> null;
            case DEACTIVATED, REVOKED, EXPIRED -> INVALID_TOKENS.get(actor);
            default -> server.user(actor.role).token();
        };
    }

    /** One cell of the table. */
    record Case(Row row, Actor actor) {
        @Override
        public String toString() {
            String op = row.operationId();
            return (op.startsWith("conversation-") ? op.substring("conversation-".length()) : op)
                    + (row.variant().isEmpty() ? "" : " (" + row.variant() + ")")
                    + (row.kind() == NONE ? "" : " on " + row.kind().name().toLowerCase())
                    + " as " + actor.role + " -> " + row.expectedFor(actor);
        }
    }

    static Stream<Case> cases() {
        return TABLE.stream().flatMap(row -> Arrays.stream(Actor.values()).map(actor -> new Case(row, actor)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void accessMatrix(Case c) {
        String expected = c.row().expectedFor(c.actor());
        ApiResponse response = perform(c.row(), c.actor());
        switch (expected) {
            case "L", "H" -> checkList(c, response, expected.equals("L"));
            default -> {
                int status = Integer.parseInt(expected);
                response.assertStatus(status);
                switch (status) {
                    case 401 -> response.assertError(401, "Unauthorized");
                    case 403 -> response.assertError(403, "Forbidden");
                    case 404 -> response.assertError(404, "NotFound");
                    case 200 -> checkSuccess(c, response);
                    default -> {
                    }
                }
            }
        }
    }

    private ApiResponse perform(Row row, Actor actor) {
        return perform(row, actor, row.kind() == NONE ? null : FIXTURES.get(row.kind()));
    }

    private ApiResponse perform(Row row, Actor actor, Fixture f) {
        String token = token(actor);
        String op = row.operationId();
        ContractDocument.Operation operation = PARLEY.operation(op);
        return switch (op) {
            case "conversation-create-conversation" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("title", "Created by " + actor.role);
                switch (row.kind()) {
                    case CUSTOMER -> body.put("sharedWith",
                            Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId()));
                    case PROJECT -> body.put("sharedWith",
                            Map.of("aggregate", "project", "domain", "project", "id", server.demoProjectId()));
                    default -> {
                    }
                }
                yield api.createConversation(token, body);
            }
            case "conversation-list-conversations" -> api.listConversations(token, "all".equals(row.variant())
                    ? "limit=1000" : "limit=1000&fullTextSearch=" + f.searchWord());
            case "conversation-get-conversation" -> api.getConversation(token, f.conversationId());
            case "conversation-update-conversation" ->
                    api.updateConversation(token, f.conversationId(), Map.of("title", f.title()));
            case "conversation-set-conversation-status" -> api.setStatus(token, f.conversationId(), row.variant());
            case "conversation-list-messages-by-conversation" -> api.listMessages(token, f.conversationId());
            case "conversation-create-message" -> api.createMessage(token, f.conversationId(),
                    "internal note".equals(row.variant())
                            ? Map.of("messageContent", "a note by " + actor.role, "internal", true)
                            : Map.of("messageContent", "a message by " + actor.role));
            case "conversation-update-message" -> api.updateMessage(token, f.conversationId(),
                    "employee's note".equals(row.variant()) ? f.noteId() : f.creatorMessageId(),
                    Map.of("messageContent", "edited by " + actor.role));
            case "conversation-get-conversation-members" -> api.members(token, f.conversationId());
            case "conversation-get-conversation-preferences-of-customer" -> api.preferences(token,
                    "Demo GmbH".equals(row.variant()) ? server.demoCustomerId() : server.outsiderCustomerId());
            case "conversation-request-file-upload" -> api.call(op, operation.method(),
                    "/v2/conversations/" + f.conversationId() + "/files").token(token).json(Map.of()).send();
            case "conversation-get-file-access-token" -> api.fileAccessToken(token, f.conversationId(),
                    row.variant().contains("staff note") ? f.noteFileId() : f.creatorFileId());
            case "file-create-file" -> {
                String uploadToken = row.variant().startsWith("unknown") ? UUID.randomUUID().toString()
                        : employeeUploadToken(f);
                Multipart body = Multipart.file("by-" + actor.name().toLowerCase() + ".txt", "text/plain",
                        SampleFiles.text("uploaded by " + actor.role));
                yield api.call(op, operation.method(), "/v2/files").token(token).header("Token", uploadToken)
                        .raw(body.contentType(), body.bytes()).send();
            }
            case "file-get-file-upload-token-rules" -> api.call(op, operation.method(), "/v2/file-upload-tokens/"
                    + (row.variant().startsWith("unknown") ? UUID.randomUUID().toString() : employeeUploadToken(f))
                    + "/rules").token(token).send();
            case "file-get-file-upload-type-rules" -> api.call(op, operation.method(),
                    "/v2/file-upload-types/" + row.variant() + "/rules").token(token).send();
            case "file-get-file", "file-get-file-with-name", "file-get-file-meta" -> {
                String fileId = row.variant().contains("staff note") ? f.noteFileId() : f.creatorFileId();
                String path = "/v2/files/" + fileId + switch (op) {
                    case "file-get-file-with-name" -> "/" + f.creatorFileName();
                    case "file-get-file-meta" -> "/meta";
                    default -> "";
                };
                if (row.variant().equals("access token")) {
                    path += "?token=" + ACCESS_TOKENS.get(row.kind());
                }
                yield api.call(op, operation.method(), path).token(token).send();
            }
            case "parley-delete-conversation-file" -> {
                boolean note = row.variant().contains("staff note");
                String fileId = FIXTURES.containsValue(f) ? freshAttachedFile(row.kind(), note) : f.creatorFileId();
                ApiResponse deleted = api.call(op, operation.method(), "/v2/conversations/" + f.conversationId()
                        + "/files/" + fileId).token(token).send();
                if (deleted.status() == 204) {
                    // gone: it no longer opens, not even for staff
                    api.call("file-get-file-meta", "GET", "/v2/files/" + fileId + "/meta")
                            .token(token(Actor.EMPLOYEE)).send().assertError(404, "NotFound");
                }
                yield deleted;
            }
            case "parley-get-conversation-assignment", "parley-get-conversation-read-state", "parley-get-conversation-context" ->
                    api.call(op, operation.method(), operation.path().replace("{conversationId}", f.conversationId()))
                            .token(token).send();
            case "parley-set-conversation-assignment" -> api.call(op, operation.method(),
                    operation.path().replace("{conversationId}", f.conversationId())).token(token)
                    .json(Map.of("assigneeId", server.user("employee").userId())).send();
            case "parley-mark-conversation-read" -> api.call(op, operation.method(),
                    operation.path().replace("{conversationId}", f.conversationId())).token(token).json("{}").send();
            case "parley-list-conversation-read-states" -> api.call(op, operation.method(),
                    "/v2/conversation-read-states?conversationIds=" + f.conversationId()).token(token).send();
            case "parley-list-conversation-queue", "parley-count-conversation-queue" ->
                    api.call(op, operation.method(), operation.path()).token(token).send();
            case "conversation-list-categories" -> api.listCategories(token);
            case "conversation-get-category" -> api.getCategory(token, categoryId);
            default -> throw new AssertionError("No request for " + op);
        };
    }

    /** A new file on the fixture: on a new message of its creator, or on a new staff note. */
    private static String freshAttachedFile(Kind kind, boolean onStaffNote) {
        Actor author = onStaffNote ? Actor.EMPLOYEE : CREATORS.get(kind);
        String conversation = FIXTURES.get(kind).conversationId();
        String file = api.upload(token(author), conversation, "to-delete.txt", "text/plain",
                SampleFiles.text("to be deleted")).path("id").asText();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("messageContent", "with a file to delete",
                "fileIds", List.of(file)));
        if (onStaffNote) {
            body.put("internal", true);
        }
        api.createMessage(token(author), conversation, body).assertStatus(201);
        return file;
    }

    private static String employeeUploadToken(Fixture f) {
        return api.requestFileUpload(token(Actor.EMPLOYEE), f.conversationId()).assertStatus(201)
                .json().path("uploadToken").asText();
    }

    /** L: listed and counted; H: neither. The count must match what the caller is shown. */
    private void checkList(Case c, ApiResponse response, boolean listed) {
        response.assertStatus(200);
        String id = FIXTURES.get(c.row().kind()).conversationId();
        List<String> ids = response.json().findValuesAsText("conversationId");
        long total = Long.parseLong(response.header("X-Pagination-TotalCount"));
        assertThat(total).as("X-Pagination-TotalCount equals the items shown (all fit on the page)")
                .isEqualTo(ids.size());
        if (listed) {
            assertThat(ids).as(c.toString()).contains(id);
        } else {
            assertThat(ids).as(c.toString()).doesNotContain(id);
        }
        if ("fullTextSearch".equals(c.row().variant())) {
            assertThat(total).as(c + ": TotalCount of the search").isEqualTo(listed ? 1 : 0);
        }
        if ("all".equals(c.row().variant())) {
            // a caller lists exactly the fixture conversations it can open
            for (Kind kind : List.of(CUSTOMER, PROJECT, PRIVATE)) {
                boolean opens = "200".equals(row("conversation-get-conversation", kind).expectedFor(c.actor()));
                assertThat(ids.contains(FIXTURES.get(kind).conversationId()))
                        .as(c + ": listed iff it can be opened: " + kind).isEqualTo(opens);
            }
        }
    }

    /** Extra checks on some 200s: staff notes are never shown to non-staff; files are the right ones. */
    private void checkSuccess(Case c, ApiResponse response) {
        Fixture f = c.row().kind() == NONE ? null : FIXTURES.get(c.row().kind());
        boolean noteFile = c.row().variant().contains("staff note");
        switch (c.row().operationId()) {
            case "conversation-get-file-access-token" -> {
                String fileId = noteFile ? f.noteFileId() : f.creatorFileId();
                ApiResponse download = api.download(fileId, response.json().path("accessToken").asText()).assertStatus(200);
                assertThat(download.body()).isEqualTo(noteFile ? f.noteFileContent() : f.creatorFileContent());
            }
            case "file-get-file", "file-get-file-with-name" ->
                    assertThat(response.body()).as(c.toString()).isEqualTo(noteFile ? f.noteFileContent() : f.creatorFileContent());
            case "file-get-file-meta" -> assertThat(response.json().path("id").asText())
                    .isEqualTo(noteFile ? f.noteFileId() : f.creatorFileId());
            case "file-get-file-upload-token-rules", "file-get-file-upload-type-rules" ->
                    assertThat(response.json().path("mimeTypes").toString()).contains("image/png", "text/plain");
            case "parley-list-conversation-read-states" -> {
                // listed exactly for those who see the conversation, like the contract's list
                boolean sees = "200".equals(row("conversation-get-conversation", c.row().kind()).expectedFor(c.actor()));
                assertThat(response.json().size()).as(c.toString()).isEqualTo(sees ? 1 : 0);
            }
            default -> {
            }
        }
        if ("conversation-list-messages-by-conversation".equals(c.row().operationId())) {
            List<String> entryIds = response.json().findValuesAsText("messageId");
            boolean hasInternal = false;
            for (JsonNode entry : response.json()) {
                hasInternal |= entry.path("internal").asBoolean(false);
            }
            if (c.actor() == Actor.EMPLOYEE) {
                assertThat(entryIds).contains(FIXTURES.get(c.row().kind()).noteId());
            } else {
                assertThat(hasInternal).as(c + ": a staff note shown to a non-employee").isFalse();
                assertThat(entryIds).doesNotContain(FIXTURES.get(c.row().kind()).noteId());
            }
        }
    }

    /** The 404 cells of operations on a conversation, for the comparison with a nonexistent one. */
    static Stream<Case> hiddenCases() {
        return cases().filter(c -> c.row().kind() != NONE && "404".equals(c.row().expectedFor(c.actor()))
                && (PARLEY.operation(c.row().operationId()).path().contains("{conversationId}")
                || PARLEY.operation(c.row().operationId()).path().contains("{fileId}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hiddenCases")
    void anInvisibleConversationLooksExactlyLikeANonexistentOne(Case c) {
        ApiResponse hidden = perform(c.row(), c.actor());
        Fixture real = FIXTURES.get(c.row().kind());
        boolean seesConversation = "200".equals(row("conversation-get-conversation", c.row().kind()).expectedFor(c.actor()));
        // a hidden conversation looks like none; a hidden message (staff note) or file like none in the same conversation
        Fixture ghost = seesConversation ? real.withoutFiles() : FIXTURES.get(Kind.NONEXISTENT);
        ApiResponse nonexistent = perform(c.row(), c.actor(), ghost);
        nonexistent.assertError(404, "NotFound");
        assertThat(hidden.text()).isEqualTo(nonexistent.text());
    }

    @Test
    void shortIdsDoNotOpenWhatTheCallerMayNotSee() {
        for (Kind kind : List.of(CUSTOMER, PROJECT, PRIVATE)) {
            String shortId = api.getConversation(token(Actor.EMPLOYEE), FIXTURES.get(kind).conversationId())
                    .assertStatus(200).json().path("shortId").asText();
            for (Actor actor : Actor.values()) {
                String expected = row("conversation-get-conversation", kind).expectedFor(actor);
                ApiResponse response = api.getConversation(token(actor), shortId).assertStatus(Integer.parseInt(expected));
                if (response.status() == 200) {
                    assertThat(response.json().path("conversationId").asText()).isEqualTo(FIXTURES.get(kind).conversationId());
                }
                if (expected.equals("404")) {
                    api.listMessages(token(actor), shortId).assertError(404, "NotFound");
                    api.createMessage(token(actor), shortId, Map.of("messageContent", "via shortId")).assertError(404, "NotFound");
                }
            }
        }
    }

    private static Row row(String operationId, Kind kind) {
        return TABLE.stream().filter(r -> r.operationId().equals(operationId) && r.kind() == kind).findFirst()
                .orElseThrow();
    }

    // ---- the table is complete --------------------------------------------------------------------

    @Test
    void tableCoversEveryConversationOperationOfTheContract() {
        Set<String> contractOperations = ContractAssertions.contract().operations().values().stream()
                .filter(op -> op.node().path("tags").toString().contains("\"Conversation\""))
                .map(ContractDocument.Operation::id)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> tableOperations = TABLE.stream().map(Row::operationId).filter(id -> id.startsWith("conversation-"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(contractOperations).hasSize(14);
        assertThat(tableOperations).isEqualTo(contractOperations);
    }

    @Test
    void tableCoversEveryFileOperationOfTheContract() {
        Set<String> contractOperations = ContractAssertions.contract().operations().values().stream()
                .filter(op -> op.node().path("tags").toString().contains("\"File\""))
                .map(ContractDocument.Operation::id)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> tableOperations = TABLE.stream().map(Row::operationId).filter(id -> id.startsWith("file-"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(contractOperations).hasSize(6);
        assertThat(tableOperations).isEqualTo(contractOperations);
    }

    @Test
    void tableCoversEveryExtensionOperation() {
        Set<String> extensions = new TreeSet<>(PARLEY.operations().keySet());
        extensions.removeAll(ContractAssertions.contract().operations().keySet());
        // the event stream answers 200 with a stream that never ends, and what it may carry is
        // decided per event: events/stream/EventStreamTest and SessionEventStreamTest check every
        // kind of caller and conversation (hidden = 404 like nonexistent, notes, revocation)
        extensions.remove("parley-get-events");
        Set<String> tableOperations = TABLE.stream().map(Row::operationId).collect(Collectors.toCollection(TreeSet::new));
        assertThat(extensions).isNotEmpty();
        assertThat(tableOperations).containsAll(extensions);
    }

    @Test
    void everyOperationOnAConversationIsCheckedOnEveryKind() {
        Map<String, Set<Kind>> kinds = new LinkedHashMap<>();
        for (Row r : TABLE) {
            kinds.computeIfAbsent(r.operationId() + " " + r.variant(), k -> EnumSet.noneOf(Kind.class)).add(r.kind());
        }
        List<String> incomplete = new ArrayList<>();
        for (Row r : TABLE) {
            String path = PARLEY.operation(r.operationId()).path();
            Set<Kind> covered = kinds.get(r.operationId() + " " + r.variant());
            boolean onAConversation = path.contains("{conversationId}") || path.contains("{fileId}");
            if (onAConversation && !covered.equals(EnumSet.of(CUSTOMER, PROJECT, PRIVATE))) {
                incomplete.add(r.operationId() + " " + r.variant() + ": " + covered);
            }
        }
        assertThat(incomplete).isEmpty();
    }
}
