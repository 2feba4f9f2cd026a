package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ParleyProcess;
import dev.parley.testing.StoreIntegrity;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.WriteLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 under write load loses nothing that was acknowledged, on both engines: 16 writers
 * create conversations and messages against the real launcher jar, the process is killed at a
 * random moment, and after a restart on the same data every write that got a 201 is there with
 * its content (read through the API) and found by search (so the search index, Lucene's on
 * SQLite, caught up with what the kill left behind), and the database itself holds no half-written state
 * ({@link StoreIntegrity}, over JDBC). Three kills per engine; PostgreSQL uses a fresh database
 * (skipped loudly when unreachable, failed when {@code CI=true}).
 *
 * <p>What this does not show: a killed process's writes stay in the operating system's page
 * cache and reach the disk anyway, so this passes even without any fsync ({@code synchronous=OFF}).
 * Power loss is covered by the settings that make a commit wait for the disk, which
 * {@code storage/DurabilitySettingsTest} reads back from Parley's connections.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KillDurabilityIT {
    private static final int WRITERS = 16;
    private static final int ROUNDS = 3;
    private static final Duration START = Duration.ofSeconds(60);

    private Path dataDir;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("parley-kill");
    }

    @AfterEach
    void deleteDataDir() {
        ParleyProcess.deleteTree(dataDir);
    }

    @Test
    void sqliteKeepsAcknowledgedWritesThroughKill9() throws Exception {
        String jdbcUrl = "jdbc:sqlite:" + dataDir.resolve("parley.db");
        killRounds("sqlite", jdbcUrl, List.of());
    }

    @Test
    void postgresqlKeepsAcknowledgedWritesThroughKill9() throws Exception {
        try (TestDatabase database = TestDatabase.createPostgresql()) {
            killRounds("postgresql", database.url(), List.of("--database-url", database.url()));
        }
    }

    private void killRounds(String engine, String jdbcUrl, List<String> storeArgs) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        WriteLoad load = new WriteLoad(false);
        int kills = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            try (ParleyProcess parley = serve(storeArgs)) {
                ApiClient api = new ApiClient(parley.awaitListening(START));
                JsonNode credentials = ParleyProcess.credentials(dataDir);
                if (round > 1) {
                    check(load, api, credentials, jdbcUrl, engine + " after kill " + kills + " (seed " + seed + ")");
                }
                long killAfter = 1500 + random.nextInt(2500); // mid-load, after the JVM has warmed up a little
                int before = load.acknowledged();
                load.start(api, credentials, "r" + round, WRITERS);
                Thread.sleep(killAfter);
                load.killed();
                parley.kill9();
                kills++;
                load.stop();
                System.out.printf("KillDurabilityIT %s round %d: killed after %d ms; acknowledged so far: "
                                + "%d conversations, %d messages%n", engine, round, killAfter,
                        load.conversations().size(), load.messages().size());
                assertThat(load.acknowledged() - before)
                        .as(engine + ": acknowledged writes in round " + round + " before the kill after " + killAfter + " ms")
                        .isPositive();
            }
        }
        try (ParleyProcess parley = serve(storeArgs)) {
            ApiClient api = new ApiClient(parley.awaitListening(START));
            int checked = check(load, api, ParleyProcess.credentials(dataDir), jdbcUrl,
                    engine + " after the last kill (seed " + seed + ")");
            parley.sigterm();
            assertThat(parley.awaitExit(Duration.ofSeconds(30))).as(parley.output()).isEqualTo(0);
            System.out.printf("KillDurabilityIT %s: %d kills, %d acknowledged writes checked "
                    + "(%d conversations, %d messages)%n", engine, kills, checked,
                    load.conversations().size(), load.messages().size());
        }
        assertThat(load.unexpected()).as(engine + ": responses other than 201 while the server ran").isEmpty();
    }

    private ParleyProcess serve(List<String> storeArgs) {
        List<String> extra = new ArrayList<>(List.of("--rate-limit", "1000000"));
        extra.addAll(storeArgs);
        return ParleyProcess.serveDemo(dataDir, extra.toArray(String[]::new));
    }

    /** Every acknowledged write there with its content; no half-written state in the database. */
    private static int check(WriteLoad load, ApiClient api, JsonNode credentials, String jdbcUrl, String when)
            throws SQLException {
        int checked = load.verify(api, ParleyProcess.token(credentials, "employee"), when);
        int searched = load.verifySearchable(api, ParleyProcess.token(credentials, "employee"), when);
        assertThat(StoreIntegrity.violations(jdbcUrl)).as(when + ": half-written state").isEmpty();
        System.out.printf("%s: %d acknowledged writes checked, %d found by search; %d conversations in the "
                + "database, all whole%n", when, checked, searched, StoreIntegrity.count(jdbcUrl, "conversations"));
        return checked;
    }
}
