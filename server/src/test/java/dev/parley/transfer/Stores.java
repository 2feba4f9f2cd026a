package dev.parley.transfer;

import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.file.FileSettings;
import dev.parley.testing.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Fresh, empty stores for transfer tests, on either engine whatever the run's engine is: SQLite
 * in a temporary data directory, or a PostgreSQL database of its own on the test server
 * ({@link TestDatabase#serverUrl()}), dropped on close. PostgreSQL unreachable: the test is
 * skipped with {@link TestDatabase}'s banner, or fails when {@code CI=true}.
 */
final class Stores {
    private Stores() {
    }

    /** An empty store: a data directory, and a PostgreSQL database or null for SQLite's parley.db in it. */
    record Store(Path dataDir, String databaseUrl, String blobStore, String pgName) implements AutoCloseable {
        String engine() {
            return databaseUrl == null ? "sqlite" : "postgresql";
        }

        /** {@code --data-dir … [--database-url …]} for a CLI command. */
        List<String> options() {
            List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
            if (databaseUrl != null) {
                args.add("--database-url");
                args.add(databaseUrl);
            }
            return args;
        }

        /** Parley serving this store (no demo), with the store's blob store and the given file-token secret. */
        Parley start(String fileTokenSecret) {
            return Parley.start(ParleyConfig.builder()
                    .host("127.0.0.1").port(0).dataDir(dataDir).databaseUrl(databaseUrl).demo(false)
                    .rateLimit(1_000_000, Duration.ofMinutes(1))
                    .files(FileSettings.defaults().withBlobStore(blobStore).withAccessTokenSecret(fileTokenSecret))
                    .build());
        }

        @Override
        public void close() {
            if (pgName != null) {
                dropPostgres(pgName);
            }
            delete(dataDir);
        }
    }

    static Store sqlite() {
        return new Store(tempDir(), null, "filesystem", null);
    }

    /** A fresh PostgreSQL database, attachments in the database store (as for many nodes). */
    static Store postgresql() {
        TestDatabase.requirePostgresql();
        String name = "parley_transfer_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create " + name + ": " + e.getMessage(), e);
        }
        return new Store(tempDir(), withDatabase(TestDatabase.serverUrl(), name), "database", name);
    }

    static Store of(String engine) {
        return "postgresql".equals(engine) ? postgresql() : sqlite();
    }

    static String other(String engine) {
        return "postgresql".equals(engine) ? "sqlite" : "postgresql";
    }

    /** What a CLI run printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    /** Runs {@code parley <args>} in this JVM, capturing its output. */
    static synchronized Run cli(List<String> args) {
        dev.parley.testing.CliCapture.Result r = dev.parley.testing.CliCapture.run(args);
        return new Run(r.exitCode(), r.out(), r.err());
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("parley-transfer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; best effort
        }
    }

    private static Connection admin() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(TestDatabase.serverUrl(), props);
    }

    private static void dropPostgres(String name) {
        try (Connection c = admin()) {
            try (PreparedStatement terminate = c.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                terminate.setString(1, name);
                terminate.executeQuery().close();
            }
            try (Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop " + name + ": " + e.getMessage(), e);
        }
    }

    /** {@code jdbc:postgresql://host:port/db?params} with the database replaced by {@code name}. */
    static String withDatabase(String serverUrl, String name) {
        String prefix = "jdbc:postgresql://";
        String rest = serverUrl.substring(prefix.length());
        int query = rest.indexOf('?');
        String params = query < 0 ? "" : rest.substring(query);
        String location = query < 0 ? rest : rest.substring(0, query);
        int slash = location.indexOf('/');
        String hosts = slash < 0 ? location : location.substring(0, slash);
        return prefix + hosts + "/" + name + params;
    }
}
