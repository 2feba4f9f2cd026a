package dev.parley.storage;

import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * One Parley per SQLite store: each keeps its own cache of conversations and its own view of the
 * event log, so a second one on the same database would serve what the first changed late or
 * never. The second start is refused with a message naming the data directory and the process
 * that holds it; on PostgreSQL many nodes share one database (and may share a data directory
 * for attachments), so nothing is refused there.
 */
class OneServerPerStoreTest {
    private static ParleyConfig sameStore(TestServer first) {
        return ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(first.dataDir())
                .databaseUrl(TestDatabase.isPostgresql() ? first.databaseUrl() : null)
                .rateLimit(1_000_000, Duration.ofMinutes(1)).build();
    }

    @Test
    void aSecondParleyOnTheSameSqliteStoreIsRefusedWithAClearMessage() {
        org.junit.jupiter.api.Assumptions.assumeFalse(TestDatabase.isPostgresql(), "SQLite: one server per store");
        try (TestServer first = TestServer.startDemo()) {
            Throwable refused = catchThrowable(() -> Parley.start(sameStore(first)).close());
            assertThat(refused).as("a second Parley on " + first.dataDir()).isNotNull()
                    .isInstanceOf(IllegalStateException.class);
            String message = refused.getMessage();
            assertThat(message).contains(first.dataDir().toAbsolutePath().toString())
                    .contains("pid " + ProcessHandle.current().pid())
                    .contains("parley serve")
                    .doesNotContain("Exception");
            // the first one is untouched and keeps serving
            first.client().listConversations(first.user("employee").token(), null).assertStatus(200);

            // the same store through a differently spelled path (relative, with ./ and ..) is the same store
            Path roundabout = Path.of("").toAbsolutePath().relativize(first.dataDir().toAbsolutePath())
                    .resolve("..").resolve(first.dataDir().getFileName()).resolve(".");
            Throwable again = catchThrowable(() -> Parley.start(ParleyConfig.builder().host("127.0.0.1").port(0)
                    .dataDir(roundabout).build()).close());
            assertThat(again).as("a second Parley on " + roundabout).isNotNull();
            assertThat(again.getMessage()).contains("pid " + ProcessHandle.current().pid());

            // once the first has stopped, the store is free again
            first.restart();
            first.client().listConversations(first.user("employee").token(), null).assertStatus(200);
        }
    }

    @Test
    void manyNodesOnOnePostgresqlDatabaseAndDataDirectoryAreFine() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabase.isPostgresql(), "PostgreSQL: many nodes");
        try (TestServer first = TestServer.startDemo();
             Parley second = Parley.start(sameStore(first))) {
            assertThat(second.port()).isPositive();
            first.client().listConversations(first.user("employee").token(), null).assertStatus(200);
        }
    }
}
