package dev.parley.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.testing.ApiClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code parley admin backup}: a consistent copy of the SQLite database taken while writers keep
 * writing, which opens as a working Parley holding everything acknowledged before the backup
 * began and, per conversation, an unbroken prefix of what came after. (SQLite only, whatever the
 * run's engine: on PostgreSQL the command refuses with a pointer to pg_dump.)
 */
class BackupTest {

    @Test
    void anOnlineBackupWhileWritesGoOnOpensWithTheDataInIt() throws Exception {
        Path backupDir = Stores.tempDir();
        try (Stores.Store store = Stores.sqlite()) {
            Parley parley = Parley.start(ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(store.dataDir())
                    .demo(true).rateLimit(1_000_000, Duration.ofMinutes(1)).build());
            int writers = 3;
            AtomicInteger[] acked = new AtomicInteger[writers];
            List<String> conversations = new ArrayList<>();
            String token;
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            int[] ackedBefore = new int[writers];
            int[] ackedAfter = new int[writers];
            Path backup = backupDir.resolve("nested/parley-backup.db");
            try {
                token = token(parley.demoCredentials().orElseThrow(), "customer-owner");
                ApiClient api = new ApiClient("http://127.0.0.1:" + parley.port());
                for (int w = 0; w < writers; w++) {
                    conversations.add(api.newConversation(token, Map.of("title", "Backup writer " + w)));
                    acked[w] = new AtomicInteger();
                }
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    running.add(pool.submit(() -> {
                        // bounded: stops when told, or after 2,000 messages
                        for (int n = 1; n <= 2000 && !stop.get(); n++) {
                            api.createMessage(token, conversations.get(writer), Map.of("messageContent", "message " + n))
                                    .assertStatus(201);
                            acked[writer].set(n);
                        }
                        return null;
                    }));
                }
                awaitAtLeast(acked, 20);

                for (int w = 0; w < writers; w++) {
                    ackedBefore[w] = acked[w].get();
                }
                Stores.Run run = Stores.cli(List.of("admin", "backup", "--data-dir", store.dataDir().toString(),
                        "--output", backup.toString()));
                for (int w = 0; w < writers; w++) {
                    ackedAfter[w] = acked[w].get();
                }
                assertThat(run.exitCode()).as(run.err()).isZero();
                assertThat(run.out()).contains("Backed up to " + backup.toAbsolutePath());

                int[] target = ackedAfter.clone();
                awaitEach(acked, target, 10); // writes go on after the backup
                stop.set(true);
                for (Future<?> f : running) {
                    f.get(60, TimeUnit.SECONDS);
                }

                // a second backup to the same name is refused: nothing is overwritten
                Stores.Run again = Stores.cli(List.of("admin", "backup", "--data-dir", store.dataDir().toString(),
                        "--output", backup.toString()));
                assertThat(again.exitCode()).isEqualTo(1);
                assertThat(again.err()).contains("exists");
            } finally {
                stop.set(true);
                pool.shutdownNow();
                parley.close();
            }

            // the backup file itself: intact, no temporary left beside it
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup);
                 Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            try (var listing = Files.list(backup.getParent())) {
                assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("parley-backup.db");
            }

            // opened as a Parley of its own: every acknowledged-before message, then an unbroken prefix
            Path restored = Stores.tempDir();
            try {
                Files.copy(backup, restored.resolve("parley.db"));
                Parley fromBackup = Parley.start(ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(restored)
                        .rateLimit(1_000_000, Duration.ofMinutes(1)).build());
                try {
                    ApiClient api = new ApiClient("http://127.0.0.1:" + fromBackup.port());
                    String owner = token(store, "customer-owner");
                    for (int w = 0; w < writers; w++) {
                        JsonNode messages = api.listMessages(owner, conversations.get(w)).assertStatus(200).json();
                        List<String> texts = new ArrayList<>();
                        for (JsonNode m : messages) {
                            if ("MESSAGE".equals(m.path("type").asText())) {
                                texts.add(m.path("messageContent").asText());
                            }
                        }
                        assertThat(texts.size()).as("writer " + w).isBetween(ackedBefore[w], ackedAfter[w] + 1);
                        for (int n = 1; n <= texts.size(); n++) {
                            assertThat(texts.get(n - 1)).isEqualTo("message " + n);
                        }
                    }
                    // and it takes writes
                    api.createMessage(owner, conversations.get(0), Map.of("messageContent", "after restore")).assertStatus(201);
                } finally {
                    fromBackup.close();
                }
            } finally {
                Stores.delete(restored);
            }
        } finally {
            Stores.delete(backupDir);
        }
    }

    @Test
    void onPostgresqlTheBackupIsRefusedWithAPointerToPgDump() {
        Stores.Run run = Stores.cli(List.of("admin", "backup", "--database-url",
                "jdbc:postgresql://127.0.0.1:1/nowhere?user=nobody", "--output", "unused.db"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("pg_dump");
        assertThat(Path.of("unused.db")).doesNotExist();
    }

    private static String token(JsonNode credentials, String role) {
        for (JsonNode u : credentials.path("users")) {
            if (role.equals(u.path("role").asText())) {
                return u.path("token").asText();
            }
        }
        throw new IllegalArgumentException(role);
    }

    private static String token(Stores.Store store, String role) throws java.io.IOException {
        return token(dev.parley.api.Json.MAPPER.readTree(store.dataDir().resolve(Parley.DEMO_CREDENTIALS).toFile()), role);
    }

    private static void awaitAtLeast(AtomicInteger[] acked, int n) throws InterruptedException {
        int[] target = new int[acked.length];
        java.util.Arrays.fill(target, 0);
        awaitEach(acked, target, n);
    }

    private static void awaitEach(AtomicInteger[] acked, int[] from, int more) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int w = 0; w < acked.length; w++) {
            while (acked[w].get() < from[w] + more) {
                assertThat(System.nanoTime()).as("writers stalled").isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }
}
