package dev.parley.identity;

import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.storage.Database;
import dev.parley.testing.ApiClient;
import dev.parley.testing.Eventually;
import dev.parley.testing.StatementLog;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a running node learns of identity changes without a read per request: a cached caller is
 * served with no identity_version read, the node's own writes count at the very next request,
 * another process's (parley admin) and another node's within a bounded wait, and on PostgreSQL
 * the notification, a lost notification (the poll) and a lost connection ({@code missed}) all
 * bring the newest version.
 */
class IdentityChangesTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void aCachedCallerIsServedWithoutReadingTheIdentityVersion() {
        try (TestServer server = TestServer.startDemo()) {
            ApiClient api = server.client();
            String owner = server.user("customer-owner").token();
            String id = api.newConversation(owner, Map.of("title", "Served from memory"));
            api.getConversation(owner, id).assertStatus(200);
            StatementLog log = StatementLog.on(server);
            api.getConversation(owner, id).assertStatus(200);
            api.getConversation(owner, id).assertStatus(200);
            assertThat(log.statements()).noneMatch(sql -> sql.contains("identity_version"));
        }
    }

    @Test
    void theNodesOwnWriteCountsAtTheNextRequest() {
        try (TestServer server = TestServer.startDemo()) {
            ApiClient api = server.client();
            TestServer.DemoUser member = server.user("customer-member");
            api.listCategories(member.token()).assertStatus(200);
            server.parley().database().write(h -> h.createUpdate("UPDATE users SET active = 0 WHERE user_id = :u")
                    .bind("u", member.userId()).execute());
            api.listCategories(member.token()).assertError(401, "Unauthorized");
            server.parley().database().write(h -> h.createUpdate("UPDATE users SET active = 1 WHERE user_id = :u")
                    .bind("u", member.userId()).execute());
            api.listCategories(member.token()).assertStatus(200);
        }
    }

    @Test
    void aRevocationByAnotherProcessCountsWithinABoundedWait() {
        try (TestServer server = TestServer.startDemo()) {
            ApiClient api = server.client();
            String member = server.user("customer-member").userId();
            String token = server.admin("token", "create", "--user", member).out().strip();
            api.listCategories(token).assertStatus(200);
            assertThat(server.adminNoWait("token", "revoke", token).exitCode()).isZero();
            Eventually.until(BOUND, "the revocation seen", () -> api.listCategories(token).status() == 401);
            api.listCategories(token).assertError(401, "Unauthorized");
        }
    }

    @Test
    void aSecondStoreOnTheSameDatabaseIsSeenByThePoll() throws Exception {
        try (TestServer server = TestServer.startDemo()) {
            ApiClient api = server.client();
            TestServer.DemoUser member = server.user("customer-member");
            api.listCategories(member.token()).assertStatus(200);
            try (Database elsewhere = Database.open(server.databaseUrl(), false)) {
                elsewhere.write(h -> IdentityRepository.revokeToken(h, member.token()));
            }
            Eventually.until(BOUND, "the revocation seen", () -> api.listCategories(member.token()).status() == 401);
        }
    }

    @Test
    void postgresqlATokenRevokedThroughOneNodeIsRefusedByTheOther() throws Exception {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "several nodes share one PostgreSQL; SQLite has one node");
        try (TestServer first = TestServer.startDemo()) {
            Path dir = Files.createTempDirectory("parley-second-node");
            try (Parley second = Parley.start(ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(dir)
                    .databaseUrl(first.databaseUrl()).rateLimit(1_000_000, Duration.ofMinutes(1))
                    .authFailureLimit(1_000_000).build())) {
                ApiClient a = first.client();
                ApiClient b = new ApiClient("http://127.0.0.1:" + second.port());
                TestServer.DemoUser member = first.user("customer-member");
                TestServer.DemoUser owner = first.user("customer-owner");
                b.listCategories(member.token()).assertStatus(200);
                b.listCategories(owner.token()).assertStatus(200);

                // through node A's own write: A at once, B by the notification
                first.parley().database().write(h -> IdentityRepository.revokeToken(h, member.token()));
                a.listCategories(member.token()).assertError(401, "Unauthorized");
                Eventually.until(BOUND, "node B refusing the revoked token",
                        () -> b.listCategories(member.token()).status() == 401);

                // a change with no notification (triggers off, the counter raised by hand): the poll
                try (Database sql = Database.open(first.databaseUrl(), false)) {
                    sql.write(h -> {
                        h.execute("SET LOCAL session_replication_role = replica");
                        h.createUpdate("UPDATE users SET active = 0 WHERE user_id = :u").bind("u", owner.userId()).execute();
                        h.execute("UPDATE identity_version SET version = version + 1 WHERE id = 1");
                        return null;
                    });
                }
                Eventually.until(BOUND, "node B seeing an unannounced change",
                        () -> b.listCategories(owner.token()).status() == 401);
            }
        }
    }

    @Test
    void postgresqlEveryRiseIsAnnouncedWithTheNewVersion() throws Exception {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "NOTIFY is PostgreSQL's");
        try (TestServer server = TestServer.startDemo();
             java.sql.Connection listening = java.sql.DriverManager.getConnection(server.databaseUrl())) {
            try (java.sql.Statement st = listening.createStatement()) {
                st.execute("LISTEN " + IdentityChanges.CHANNEL);
            }
            Database database = server.parley().database();
            database.write(h -> IdentityRepository.revokeToken(h, server.user("customer-member").token()));
            long stored = database.read(IdentityVersion::read);
            org.postgresql.PGNotification[] notes = listening.unwrap(org.postgresql.PGConnection.class)
                    .getNotifications(10_000);
            assertThat(notes).isNotNull().extracting(org.postgresql.PGNotification::getParameter)
                    .contains(String.valueOf(stored));
            assertThat(server.parley().identityVersion().latest()).isEqualTo(stored); // its own write: at once
        }
    }
}
