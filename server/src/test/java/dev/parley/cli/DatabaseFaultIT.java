package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.ContractAssertions;
import dev.parley.testing.ParleyProcess;
import dev.parley.testing.StoreIntegrity;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.WriteLoad;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL ends Parley's connections under load ({@code pg_terminate_backend}, as a database
 * restart or failover does): requests caught by it are answered 503 in the contract's error
 * shape with Retry-After, never 500; Parley recovers by itself (the pool opens new connections,
 * the event listener reconnects, so if-event-reached works again) and nothing acknowledged is
 * lost or half-written. Fresh database; skipped loudly without PostgreSQL unless {@code CI=true}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DatabaseFaultIT {
    private static final int WRITERS = 16;
    private static final int TERMINATIONS = 8;
    private static final Duration START = Duration.ofSeconds(60);
    /** Generous: recovery is asserted, not its speed. */
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    private Path dataDir;
    private TestDatabase database;

    @BeforeEach
    void setUp() throws IOException {
        database = TestDatabase.createPostgresql();
        dataDir = Files.createTempDirectory("parley-dbfault");
    }

    @AfterEach
    void tearDown() {
        ParleyProcess.deleteTree(dataDir);
        if (database != null) {
            database.close();
        }
    }

    @Test
    void terminatedConnectionsGiveClean503sAndParleyRecovers() throws Exception {
        try (ParleyProcess parley = ParleyProcess.serveDemo(dataDir, "--rate-limit", "1000000",
                "--database-url", database.url(), "--event-wait", "10000")) {
            ApiClient api = new ApiClient(parley.awaitListening(START));
            JsonNode credentials = ParleyProcess.credentials(dataDir);
            String staff = ParleyProcess.token(credentials, "employee");

            awaitListener();
            WriteLoad load = new WriteLoad(true);
            Readers readers = new Readers(api, staff);
            load.start(api, credentials, "f", WRITERS);
            readers.start();
            int terminated = 0;
            for (int i = 0; i < TERMINATIONS; i++) {
                Thread.sleep(400);
                terminated += terminateParleyConnections();
            }
            Thread.sleep(400);
            load.stop();
            readers.stop();

            System.out.printf("DatabaseFaultIT: %d terminations ended %d connections; writers: %d acknowledged, "
                            + "%d clean 503/507; readers: %d ok, %d clean 503%n", TERMINATIONS, terminated,
                    load.acknowledged(), load.refusals(), readers.ok.get(), readers.refused.get());
            assertThat(terminated).as("connections of Parley terminated").isPositive();
            assertThat(load.unexpected()).as("writes answered other than 201 or a clean 503").isEmpty();
            assertThat(readers.unexpected).as("reads answered other than 200 or a clean 503").isEmpty();
            assertThat(load.acknowledged()).as("acknowledged writes").isPositive();
            assertThat(readers.searchesWithMatches.get()).as("searches that found the writers' conversations").isPositive();

            // recovery by itself: a write is accepted again and read back with if-event-reached,
            // and the event listener (its connection was ended too) is listening again
            ApiResponse created = awaitRecovered(api, credentials);
            awaitListener();
            String id = created.json().path("conversationId").asText();
            ApiResponse read = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id)
                    .token(staff).header("if-event-reached", created.header("ETag")).send();
            assertThat(read.status()).as(read.text()).isEqualTo(200);

            int checked = load.verify(api, staff, "after the terminations");
            assertThat(StoreIntegrity.violations(database.url())).as("half-written state").isEmpty();
            System.out.printf("DatabaseFaultIT: %d acknowledged writes checked, no half-written state%n", checked);

            parley.sigterm();
            assertThat(parley.awaitExit(Duration.ofSeconds(30))).as(parley.output()).isEqualTo(0);
            assertThat(parley.output()).as("no error logged as unexpected").doesNotContain("Unexpected error")
                    .as("the event listener lost its connection (and reconnected, see above)")
                    .contains("Event listener lost its connection");
        }
    }

    /**
     * Ends every connection Parley has to this test's database (its pools and the event listener
     * set ApplicationName=parley); other databases' connections (other builds on the same
     * server) are left alone.
     */
    private int terminateParleyConnections() throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     + " WHERE application_name = 'parley' AND datname = current_database()"
                     + " AND pid <> pg_backend_pid()")) {
            int n = 0;
            while (rs.next()) {
                n += rs.getBoolean(1) ? 1 : 0;
            }
            return n;
        }
    }

    /** Waits (generously) until Parley's event listener has a live connection in LISTEN. */
    private void awaitListener() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(database.url()); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'parley' AND datname = current_database()"
                         + " AND query LIKE 'LISTEN %'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            assertThat(System.nanoTime() - deadline).as("the event listener did not reconnect within " + RECOVERY)
                    .isNegative();
            Thread.sleep(200);
        }
    }

    private static ApiResponse awaitRecovered(ApiClient api, JsonNode credentials) throws InterruptedException {
        String owner = ParleyProcess.token(credentials, "customer-owner");
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            ApiResponse created = api.call("conversation-create-conversation", "POST", "/v2/conversations")
                    .token(owner).json(Map.of("title", "after the faults")).sendUnchecked();
            if (created.status() == 201) {
                ContractAssertions.assertMatchesContract("conversation-create-conversation", created);
                return created;
            }
            ContractAssertions.assertCleanFault("conversation-create-conversation", created);
            assertThat(System.nanoTime() - deadline).as("Parley did not recover within " + RECOVERY).isNegative();
            Thread.sleep(200);
        }
    }

    /**
     * Four threads listing and searching conversations meanwhile (the search is the contract's
     * {@code fullTextSearch}, for the word every WriteLoad title has): 200 or a clean 503, nothing
     * else, and a search answers only conversations that match.
     */
    private static final class Readers {
        final ApiClient api;
        final String token;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger searchesWithMatches = new AtomicInteger();
        final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        final Thread[] threads = new Thread[4];

        Readers(ApiClient api, String token) {
            this.api = api;
            this.token = token;
        }

        void start() {
            for (int i = 0; i < threads.length; i++) {
                String query = i % 2 == 0 ? "limit=20" : "limit=20&fullTextSearch=durable";
                threads[i] = new Thread(() -> read(query), "reader-" + i);
                threads[i].start();
            }
        }

        private void read(String query) {
            while (!stop.get()) {
                try {
                    ApiResponse r = api.call("conversation-list-conversations", "GET", "/v2/conversations?" + query)
                            .token(token).sendUnchecked();
                    if (r.status() == 200) {
                        ContractAssertions.assertMatchesContract("conversation-list-conversations", r);
                        if (query.contains("fullTextSearch")) {
                            r.json().forEach(c -> assertThat(c.path("title").asText()).as("a search result")
                                    .containsIgnoringCase("durable"));
                            if (!r.json().isEmpty()) {
                                searchesWithMatches.incrementAndGet();
                            }
                        }
                        ok.incrementAndGet();
                    } else {
                        ContractAssertions.assertCleanFault("conversation-list-conversations", r);
                        assertThat(r.header("Retry-After")).as("Retry-After of a 503").isNotBlank();
                        refused.incrementAndGet();
                    }
                } catch (AssertionError | UncheckedIOException e) {
                    unexpected.add(e.getMessage());
                }
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(60_000);
            }
        }
    }
}
