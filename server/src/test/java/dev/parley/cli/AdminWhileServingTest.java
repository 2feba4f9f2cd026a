package dev.parley.cli;

import dev.parley.testing.ApiClient;
import dev.parley.testing.CliCapture;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code parley admin …} while a server runs on the same store. Every change an admin command
 * makes to identities and setup (users, tokens, memberships, categories, preferences) is seen by
 * the running server at its next request, on both engines; on SQLite, where the server holds the
 * store's lock, the command also says that a server runs and sees the change. Commands that would
 * leave it stale or replace the store under it are refused there: {@code import} (even with
 * {@code --force}); {@code migrate} only reports the version when nothing is pending.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminWhileServingTest {
    TestServer server;
    ApiClient api;
    String owner;
    String staff;

    @BeforeAll
    void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        staff = server.user("employee").token();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    CliCapture.Result admin(String... args) {
        return server.admin(args);
    }

    /** Runs a command that must succeed; checks what it says about the running server; returns its stdout. */
    String change(String... args) {
        CliCapture.Result r = admin(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "; stderr: " + r.err()).isZero();
        if (TestDatabase.isPostgresql()) {
            assertThat(r.err()).as("stderr of " + String.join(" ", args) + " (nothing to know on PostgreSQL)").isBlank();
        } else {
            assertThat(r.err()).as("stderr of " + String.join(" ", args))
                    .contains("parley serve (pid " + ProcessHandle.current().pid() + ")")
                    .contains("sees this change within about 0.1 s");
        }
        return r.out().strip();
    }

    @Test
    void identityAndSetupChangesReachTheRunningServerAtItsNextRequest() {
        String customer = server.demoCustomerId();
        String shared = api.newConversation(owner, Map.of("title", "for the customer",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", customer)));
        api.getConversation(staff, shared).assertStatus(200); // cached by the server from here on

        // a new user and its token work at once
        String user = change("user", "create", "--name", "Nina New");
        String token = change("token", "create", "--user", user);
        api.listConversations(token, null).assertStatus(200);
        api.getConversation(token, shared).assertError(404, "NotFound");

        // a membership: the customer's conversation is visible at the next request
        change("customer", "add-member", "--customer", customer, "--user", user);
        api.getConversation(token, shared).assertStatus(200);

        // deactivation and revocation count at the next request
        change("user", "deactivate", user);
        api.listConversations(token, null).assertError(401, "Unauthorized");
        change("user", "activate", user);
        api.listConversations(token, null).assertStatus(200);
        change("token", "revoke", token);
        api.listConversations(token, null).assertError(401, "Unauthorized");

        // a category is listed, and a preference decides the next conversation's main user
        String category = change("category", "create", "--name", "while-serving");
        assertThat(api.listCategories(owner).assertStatus(200).json().findValuesAsText("categoryId")).contains(category);
        change("preferences", "--customer", customer, "--category", category + "=" + user);
        String next = api.newConversation(owner, Map.of("title", "who takes it", "categoryId", category,
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", customer)));
        assertThat(api.getConversation(owner, next).assertStatus(200).json().path("mainUser").path("userId").asText())
                .isEqualTo(user);

        // the project of a new customer: its owner sees a conversation shared with the project
        String other = change("customer", "create", "--name", "Later GmbH");
        String project = change("project", "create", "--customer", other, "--name", "Later Shop");
        change("customer", "add-placement-group", "--customer", other, "--name", "srv-1");
        String second = change("user", "create", "--name", "Pia Project");
        String secondToken = change("token", "create", "--user", second);
        String inProject = api.newConversation(staff, Map.of("title", "project wide",
                "sharedWith", Map.of("aggregate", "project", "domain", "project", "id", project)));
        api.getConversation(secondToken, inProject).assertError(404, "NotFound");
        change("project", "add-member", "--project", project, "--user", second);
        api.getConversation(secondToken, inProject).assertStatus(200);
    }

    /** Bad inputs: import over a running server, with and without --force, from a valid export. */
    @Test
    void importIsRefusedWhileAServerRunsOnTheSqliteStore() throws Exception {
        assumeFalse(TestDatabase.isPostgresql(), "on PostgreSQL the nodes cannot be seen from here");
        String kept = api.newConversation(owner, Map.of("title", "kept through the refused import"));
        Path export = server.dataDir().resolveSibling(server.dataDir().getFileName() + "-export.jsonl");
        try {
            CliCapture.Result exported = admin("export", "--output", export.toString(), "--no-progress");
            assertThat(exported.exitCode()).as(exported.err()).isZero();
            for (List<String> variant : List.<List<String>>of(List.of(), List.of("--force"))) {
                List<String> args = new ArrayList<>(List.of("import", "--input", export.toString(), "--no-progress"));
                args.addAll(variant);
                CliCapture.Result r = admin(args.toArray(String[]::new));
                assertThat(r.exitCode()).as("import " + variant + " while serving; stderr: " + r.err()).isEqualTo(1);
                assertThat(r.err()).contains("parley serve (pid " + ProcessHandle.current().pid() + ")")
                        .contains("Stop it before importing").doesNotContain("\tat ").doesNotContain("Exception");
            }
            api.getConversation(owner, kept).assertStatus(200);
        } finally {
            java.nio.file.Files.deleteIfExists(export);
        }
    }

    @Test
    void migrateWhileAServerRunsOnlyReportsTheVersion() {
        CliCapture.Result r = admin("migrate");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Database schema at version");
        if (!TestDatabase.isPostgresql()) {
            assertThat(r.out()).contains("nothing to migrate");
        }
        api.listConversations(staff, null).assertStatus(200);
    }
}
