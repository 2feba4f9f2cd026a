package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.Parley;
import dev.parley.ParleyConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A Parley started for a test on a free port with its own data directory and the demo
 * directory; {@link #restart()} stops it and starts it again on the same data.
 *
 * <p>The engine is the run's ({@link TestDatabase}): SQLite in the data directory, or a fresh
 * PostgreSQL database of its own, dropped on {@link #close()}.
 */
public final class TestServer implements AutoCloseable {
    private final Path dataDir;
    private final TestDatabase database;
    private final ParleyConfig.Builder settings;
    private Parley parley;
    private JsonNode credentials;
    private volatile boolean closed;

    private TestServer(Path dataDir, TestDatabase database, ParleyConfig.Builder settings) {
        this.dataDir = dataDir;
        this.database = database;
        this.settings = settings;
        try {
            start();
        } catch (RuntimeException | Error e) {
            database.close();
            deleteDataDir();
            throw e;
        }
    }

    /** A demo server with generous limits. */
    public static TestServer startDemo() {
        return start(b -> b);
    }

    /** A demo server with adjusted settings (e.g. a small rate limit). */
    public static TestServer start(java.util.function.UnaryOperator<ParleyConfig.Builder> adjust) {
        TestDatabase database = TestDatabase.create(); // skips the test when its engine is unreachable
        try {
            Path dir = Files.createTempDirectory("parley-test");
            ParleyConfig.Builder builder = ParleyConfig.builder()
                    .host("127.0.0.1").port(0).dataDir(dir).databaseUrl(database.url()).demo(true)
                    .rateLimit(1_000_000, Duration.ofMinutes(1))
                    // tests send many bad tokens from 127.0.0.1; AuthFailureLimitTest sets its own budget
                    .authFailureLimit(1_000_000);
            return new TestServer(dir, database, adjust.apply(builder));
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException(e);
        }
    }

    private void start() {
        parley = Parley.start(settings.dataDir(dataDir).build());
        credentials = parley.demoCredentials().orElseThrow();
    }

    public void restart() {
        parley.close();
        start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + parley.port();
    }

    /** The running Parley, for what tests trigger directly (e.g. {@link Parley#sweepOrphansNow()}). */
    public Parley parley() {
        return parley;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The JDBC URL Parley runs on (SQLite's parley.db in the data directory, or the test's PostgreSQL database). */
    public String databaseUrl() {
        return settings.build().effectiveDatabaseUrl();
    }

    /**
     * {@code parley admin <args>} on this server's store, as a second process would run it (in this
     * JVM); returns once the server knows what the command changed of identities (within about
     * 0.1 s on SQLite, a notification on PostgreSQL; see {@link Eventually#identitySeen}).
     */
    public CliCapture.Result admin(String... args) {
        CliCapture.Result result = adminNoWait(args);
        if (!closed) {
            Eventually.identitySeen(parley);
        }
        return result;
    }

    /** {@code parley admin <args>} on this server's store, returning as soon as the command has. */
    public CliCapture.Result adminNoWait(String... args) {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("admin"));
        argv.addAll(java.util.List.of(args));
        argv.addAll(java.util.List.of("--data-dir", dataDir.toString()));
        if (TestDatabase.isPostgresql()) {
            argv.addAll(java.util.List.of("--database-url", databaseUrl()));
        }
        return CliCapture.run(argv);
    }

    /** The demo credentials document (customers, projects, users with tokens). */
    public JsonNode credentials() {
        return credentials;
    }

    public DemoUser user(String role) {
        for (JsonNode u : credentials.path("users")) {
            if (role.equals(u.path("role").asText())) {
                return new DemoUser(role, u.path("userId").asText(), u.path("token").asText(),
                        u.path("isEmployee").asBoolean());
            }
        }
        throw new IllegalArgumentException("No demo user " + role);
    }

    public String demoCustomerId() {
        return credentials.path("customers").get(0).path("customerId").asText();
    }

    public String outsiderCustomerId() {
        return credentials.path("customers").get(1).path("customerId").asText();
    }

    public String demoProjectId() {
        return credentials.path("projects").get(0).path("projectId").asText();
    }

    public ApiClient client() {
        return new ApiClient(baseUrl());
    }

    @Override
    public void close() {
        closed = true;
        try {
            parley.close();
        } finally {
            database.close();
            deleteDataDir();
        }
    }

    private void deleteDataDir() {
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; best effort
        }
    }

    /** One of the demo users: role is customer-owner, customer-member, project-member, outsider or employee. */
    public record DemoUser(String role, String userId, String token, boolean isEmployee) {
    }
}
