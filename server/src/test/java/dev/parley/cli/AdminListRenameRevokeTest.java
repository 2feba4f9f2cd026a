package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.CliCapture;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code parley admin … list}, {@code rename}, {@code token revoke --id} and {@code --json},
 * run in-process against the store a server is serving (on the run's engine): lists show what
 * was set up, renames and revocations reach the running server at its next request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminListRenameRevokeTest {
    TestServer server;
    ApiClient api;
    String staff;

    @BeforeAll
    void start() {
        server = TestServer.startDemo();
        api = server.client();
        staff = server.user("employee").token();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    CliCapture.Result admin(String... args) {
        return server.admin(args);
    }

    /** Runs a command that must succeed; returns its stdout. */
    String ok(String... args) {
        CliCapture.Result r = admin(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "; stderr: " + r.err()).isZero();
        return r.out().strip();
    }

    /** Runs a command with --json that must succeed; returns the one JSON document it printed. */
    JsonNode json(String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.add("--json");
        return ApiClient.parse(ok(argv.toArray(String[]::new)));
    }

    /** Runs a command that must fail with exit code 1; returns its stderr. */
    String fails(String... args) {
        CliCapture.Result r = admin(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + " must fail; stdout: " + r.out()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
        return r.err();
    }

    static JsonNode byField(JsonNode array, String field, String value) {
        assertThat(array.isArray()).as("a JSON array: " + array).isTrue();
        return StreamSupport.stream(array.spliterator(), false).filter(n -> n.path(field).asText().equals(value))
                .findFirst().orElseThrow(() -> new AssertionError("no " + field + "=" + value + " in " + array));
    }

    @Test
    void aLostLaptopsTokenIsRevokedByIdWhileTheUsersOtherTokenKeepsWorking() {
        JsonNode user = json("user", "create", "--name", "Lena Laptop", "--email", "lena@example.org");
        String userId = user.path("userId").asText();
        JsonNode laptop = json("token", "create", "--user", userId, "--description", "laptop");
        JsonNode desktop = json("token", "create", "--user", userId, "--description", "desktop");
        assertThat(laptop.path("token").asText()).startsWith("parley_");
        assertThat(laptop.path("userId").asText()).isEqualTo(userId);
        assertThat(laptop.path("state").asText()).isEqualTo("active");
        String laptopToken = laptop.path("token").asText();
        String desktopToken = desktop.path("token").asText();
        api.listConversations(laptopToken, null).assertStatus(200); // the caller is cached from here on
        api.listConversations(desktopToken, null).assertStatus(200);

        JsonNode listed = json("token", "list", "--user", userId);
        assertThat(listed).hasSize(2);
        assertThat(listed.toString()).doesNotContain(laptopToken).doesNotContain(desktopToken); // never the secrets
        assertThat(byField(listed, "tokenId", laptop.path("tokenId").asText()).path("description").asText()).isEqualTo("laptop");

        JsonNode revoked = json("token", "revoke", "--id", laptop.path("tokenId").asText());
        assertThat(revoked.path("state").asText()).isEqualTo("revoked");
        assertThat(revoked.path("revokedAt").isTextual()).isTrue();

        // the running server refuses it at the next request, in the contract's error shape
        api.listConversations(laptopToken, null).assertError(401, "Unauthorized");
        api.listCategories(laptopToken).assertError(401, "Unauthorized");
        // the user's other token works, and the user is still active
        api.listConversations(desktopToken, null).assertStatus(200);
        assertThat(byField(json("user", "list"), "userId", userId).path("active").asBoolean()).isTrue();
        JsonNode after = json("token", "list", "--user", userId);
        assertThat(byField(after, "tokenId", laptop.path("tokenId").asText()).path("state").asText()).isEqualTo("revoked");
        assertThat(byField(after, "tokenId", desktop.path("tokenId").asText()).path("state").asText()).isEqualTo("active");

        // bad inputs: the same token again, an unknown id, no token named, both named
        assertThat(fails("token", "revoke", "--id", laptop.path("tokenId").asText())).contains("no such active token");
        assertThat(fails("token", "revoke", "--id", "00000000-0000-0000-0000-000000000000")).contains("no such active token");
        assertThat(fails("token", "revoke")).contains("--id");
        assertThat(fails("token", "revoke", "--id", desktop.path("tokenId").asText(), desktopToken)).contains("--id");
        api.listConversations(desktopToken, null).assertStatus(200);
    }

    @Test
    void tokenListShowsWhenATokenWasLastUsed() throws InterruptedException {
        String userId = json("user", "create", "--name", "Uwe Used").path("userId").asText();
        JsonNode used = json("token", "create", "--user", userId, "--description", "used");
        JsonNode unused = json("token", "create", "--user", userId, "--description", "unused");
        assertThat(used.path("lastUsedAt").isNull()).isTrue();
        api.listConversations(used.path("token").asText(), null).assertStatus(200);
        // written off the request's path: wait until it is there (bounded, so a lost write fails the test)
        JsonNode row = null;
        for (int i = 0; i < 300; i++) {
            row = byField(json("token", "list", "--user", userId), "tokenId", used.path("tokenId").asText());
            if (row.path("lastUsedAt").isTextual()) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(row.path("lastUsedAt").isTextual()).as("lastUsedAt of a used token: " + row).isTrue();
        assertThat(byField(json("token", "list", "--user", userId), "tokenId", unused.path("tokenId").asText())
                .path("lastUsedAt").isNull()).isTrue();
        // every user's tokens without --user; the plain list has the column
        assertThat(json("token", "list").size()).isGreaterThanOrEqualTo(2);
        String table = ok("token", "list", "--user", userId);
        assertThat(table.lines().findFirst().orElseThrow()).contains("LAST USED").contains("EXPIRES");
        assertThat(table).contains("never"); // the unused token
        assertThat(fails("token", "list", "--user", "no-such-user")).contains("no user no-such-user");
    }

    @Test
    void listsShowUsersCustomersProjectsAndMembersAsAlignedTablesAndJson() {
        String userId = json("user", "create", "--name", "Tara Table", "--email", "tara@example.org", "--employee")
                .path("userId").asText();
        JsonNode customer = json("customer", "create", "--name", "Listed GmbH");
        String customerId = customer.path("customerId").asText();
        assertThat(customer.path("name").asText()).isEqualTo("Listed GmbH");
        JsonNode project = json("project", "create", "--customer", customerId, "--name", "Listed Shop");
        String projectId = project.path("projectId").asText();
        assertThat(project.path("customerId").asText()).isEqualTo(customerId);
        JsonNode membership = json("customer", "add-member", "--customer", customerId, "--user", userId, "--role", "owner");
        assertThat(byField(membership.path("members"), "userId", userId).path("role").asText()).isEqualTo("owner");
        json("project", "add-member", "--project", projectId, "--user", userId, "--role", "emailadmin");

        JsonNode user = byField(json("user", "list"), "userId", userId);
        assertThat(user.path("name").asText()).isEqualTo("Tara Table");
        assertThat(user.path("email").asText()).isEqualTo("tara@example.org");
        assertThat(user.path("employee").asBoolean()).isTrue();
        assertThat(user.path("active").asBoolean()).isTrue();
        JsonNode listedCustomer = byField(json("customer", "list"), "customerId", customerId);
        assertThat(listedCustomer.path("members").asInt()).isEqualTo(1);
        assertThat(listedCustomer.path("projects").asInt()).isEqualTo(1);
        assertThat(json("project", "list", "--customer", customerId)).hasSize(1);
        assertThat(byField(json("project", "list"), "projectId", projectId).path("name").asText()).isEqualTo("Listed Shop");
        assertThat(byField(json("customer", "list-members", "--customer", customerId), "userId", userId)
                .path("role").asText()).isEqualTo("owner");
        assertThat(byField(json("project", "list-members", "--project", projectId), "userId", userId)
                .path("role").asText()).isEqualTo("emailadmin");

        // plain: a header, then rows whose columns start where the header's do
        List<String> users = ok("user", "list").lines().toList();
        assertThat(users.get(0)).startsWith("ID").contains("NAME", "E-MAIL", "STAFF", "ACTIVE");
        String row = users.stream().filter(l -> l.startsWith(userId)).findFirst().orElseThrow();
        assertThat(row.indexOf("Tara Table")).isEqualTo(users.get(0).indexOf("NAME"));
        assertThat(row.indexOf("tara@example.org")).isEqualTo(users.get(0).indexOf("E-MAIL"));
        assertThat(row.indexOf("staff")).isEqualTo(users.get(0).indexOf("STAFF"));
        List<String> members = ok("customer", "list-members", "--customer", customerId).lines().toList();
        assertThat(members).hasSize(2);
        assertThat(members.get(1).indexOf("owner")).isEqualTo(members.get(0).indexOf("ROLE"));

        // removing a member: the changed membership, as JSON
        JsonNode removed = json("project", "remove-member", "--project", projectId, "--user", userId);
        assertThat(removed.path("members")).isEmpty();
        assertThat(fails("customer", "list-members", "--customer", "no-such-customer")).contains("no customer");
        assertThat(fails("project", "list-members", "--project", "no-such-project")).contains("no project");
    }

    @Test
    void renamesReachTheRunningServersRendersAndBlankNamesAreRefused() {
        String userId = json("user", "create", "--name", "Olga Old").path("userId").asText();
        String token = ok("token", "create", "--user", userId);
        String conversation = api.newConversation(token, Map.of("title", "who am I"));
        assertThat(api.getConversation(token, conversation).assertStatus(200).json().path("mainUser").path("clearName").asText())
                .isEqualTo("Olga Old");
        api.getConversation(staff, conversation).assertStatus(200); // rendered and cached by the server

        JsonNode renamed = json("user", "rename", "--id", userId, "--name", "  Olga New ");
        assertThat(renamed.path("name").asText()).isEqualTo("Olga New");
        assertThat(api.getConversation(staff, conversation).assertStatus(200).json().path("mainUser").path("clearName").asText())
                .isEqualTo("Olga New");

        String customerId = json("customer", "create", "--name", "Before GmbH").path("customerId").asText();
        String projectId = json("project", "create", "--customer", customerId, "--name", "Before Shop").path("projectId").asText();
        assertThat(json("customer", "rename", "--id", customerId, "--name", "After GmbH").path("name").asText()).isEqualTo("After GmbH");
        assertThat(json("project", "rename", "--id", projectId, "--name", "After Shop").path("name").asText()).isEqualTo("After Shop");
        assertThat(byField(json("customer", "list"), "customerId", customerId).path("name").asText()).isEqualTo("After GmbH");
        assertThat(byField(json("project", "list"), "projectId", projectId).path("name").asText()).isEqualTo("After Shop");
        assertThat(ok("customer", "rename", "--id", customerId, "--name", "After AG")).isEmpty(); // plain: nothing on stdout

        // bad inputs: empty, blank, a line break; unknown ids. Nothing changes.
        for (String bad : List.of("", "   ", "\t", "two\nlines")) {
            assertThat(fails("user", "create", "--name", bad)).contains("--name must not");
            assertThat(fails("customer", "create", "--name", bad)).contains("--name must not");
            assertThat(fails("project", "create", "--customer", customerId, "--name", bad)).contains("--name must not");
            assertThat(fails("category", "create", "--name", bad)).contains("--name must not");
            assertThat(fails("customer", "add-placement-group", "--customer", customerId, "--name", bad)).contains("--name must not");
            assertThat(fails("user", "rename", "--id", userId, "--name", bad)).contains("--name must not");
            assertThat(fails("customer", "rename", "--id", customerId, "--name", bad)).contains("--name must not");
            assertThat(fails("project", "rename", "--id", projectId, "--name", bad)).contains("--name must not");
        }
        assertThat(fails("user", "rename", "--id", "no-such-user", "--name", "X")).contains("no user no-such-user");
        assertThat(fails("customer", "rename", "--id", "no-such-customer", "--name", "X")).contains("no customer no-such-customer");
        assertThat(fails("project", "rename", "--id", "no-such-project", "--name", "X")).contains("no project no-such-project");
        assertThat(byField(json("user", "list"), "userId", userId).path("name").asText()).isEqualTo("Olga New");
        assertThat(byField(json("customer", "list"), "customerId", customerId).path("name").asText()).isEqualTo("After AG");
        assertThat(byField(json("project", "list"), "projectId", projectId).path("name").asText()).isEqualTo("After Shop");
    }

    @Test
    void everyWritingCommandPrintsWhatItChangedAsJson() {
        String userId = json("user", "create", "--name", "Jill Json").path("userId").asText();
        assertThat(json("user", "deactivate", userId).path("active").asBoolean()).isFalse();
        assertThat(json("user", "activate", userId).path("active").asBoolean()).isTrue();
        assertThat(json("user", "set-email", "--user", userId, "jill@example.org").path("email").asText()).isEqualTo("jill@example.org");
        assertThat(json("user", "set-language", "--user", userId, "de").path("language").asText()).isEqualTo("de");
        JsonNode notifications = json("user", "notifications", "--user", userId, "--off", "staff-reply");
        assertThat(notifications.path("notifications").path("staff-reply").asBoolean()).isFalse();
        assertThat(notifications.path("notifications").path("status-change").asBoolean()).isTrue();
        JsonNode invitation = json("user", "invite", "--user", userId, "--public-url", "https://desk.example.org/");
        assertThat(invitation.path("url").asText()).startsWith("https://desk.example.org/invite/");
        JsonNode category = json("category", "create", "--name", "json-category", "--reference-type", "project");
        assertThat(category.path("referenceTypes").get(0).asText()).isEqualTo("project");
        assertThat(byField(json("category", "list"), "categoryId", category.path("categoryId").asText()).path("name").asText())
                .isEqualTo("json-category");
        String customerId = server.demoCustomerId();
        JsonNode group = json("customer", "add-placement-group", "--customer", customerId, "--name", "srv-json");
        assertThat(group.path("placementGroupId").asText()).isNotBlank();
        JsonNode prefs = json("preferences", "--customer", customerId, "--fallback", server.user("employee").userId());
        assertThat(prefs.path("fallbackUserId").asText()).isEqualTo(server.user("employee").userId());
        assertThat(json("migrate").path("schemaVersion").asText()).isNotBlank();
    }
}
