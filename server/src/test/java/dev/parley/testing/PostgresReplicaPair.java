package dev.parley.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two PostgreSQL clusters of the test's own: a primary, and a streaming replica of it made with
 * {@code pg_basebackup -R}, each on a free port with its data in a temporary directory (both
 * stopped and removed on {@link #close()}). The machine's own PostgreSQL server is not touched.
 *
 * <p>Needs the PostgreSQL server programs ({@code pg_config --bindir}). PostgreSQL refuses to run
 * as root, so under root the clusters run as the {@code postgres} user. Without the programs the
 * test is skipped with a loud message, or failed when {@code CI=true}.
 */
public final class PostgresReplicaPair implements AutoCloseable {
    public static final String DATABASE = "parley";

    private final Path bin;
    private final Path root;
    private final boolean asPostgresUser;
    private final int primaryPort;
    private final int replicaPort;
    private final List<Path> running = new ArrayList<>();

    private PostgresReplicaPair(Path bin, Path root, boolean asPostgresUser) throws IOException {
        this.bin = bin;
        this.root = root;
        this.asPostgresUser = asPostgresUser;
        this.primaryPort = freePort();
        this.replicaPort = freePort();
    }

    /** Starts the primary and its replica, with database {@value #DATABASE} on both. */
    public static PostgresReplicaPair start() throws Exception {
        Path bin = serverPrograms();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("parley-replica");
        PostgresReplicaPair pair = new PostgresReplicaPair(bin, dir, root);
        try {
            pair.startClusters();
            return pair;
        } catch (Exception | Error e) {
            pair.close();
            throw e;
        }
    }

    private void startClusters() throws Exception {
        if (asPostgresUser) {
            run(List.of("chown", "postgres", root.toString()));
        }
        Path primary = root.resolve("primary");
        Path replica = root.resolve("replica");
        pg("initdb", "-D", primary.toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync");
        Files.writeString(primary.resolve("postgresql.conf"), settings(primaryPort) + """
                wal_level = replica
                max_wal_senders = 4
                """, java.nio.file.StandardOpenOption.APPEND);
        start(primary);
        pg("pg_basebackup", "-h", "127.0.0.1", "-p", String.valueOf(primaryPort), "-U", "postgres",
                "-D", replica.toString(), "-R", "-X", "stream", "--no-sync");
        // the copied configuration still names the primary's port; the last setting wins
        Files.writeString(replica.resolve("postgresql.conf"), settings(replicaPort),
                java.nio.file.StandardOpenOption.APPEND);
        start(replica);
        try (Connection c = DriverManager.getConnection(adminUrl(primaryPort)); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DATABASE);
        }
        awaitOnReplica("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'", "postgres");
    }

    private String settings(int port) {
        return "\nport = " + port + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + root
                + "'\nfsync = off\nshared_buffers = 16MB\nmax_connections = 60\n";
    }

    private void start(Path dataDir) throws Exception {
        pg("pg_ctl", "-D", dataDir.toString(), "-l", dataDir + ".log", "-w", "-t", "60", "start");
        running.add(dataDir);
    }

    public String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/" + DATABASE + "?user=postgres";
    }

    public String replicaUrl() {
        return "jdbc:postgresql://127.0.0.1:" + replicaPort + "/" + DATABASE + "?user=postgres";
    }

    /** Runs SQL on the replica's {@value #DATABASE} database (e.g. pausing replay). */
    public void onReplica(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(replicaUrl()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Waits until {@code query} returns a row on the replica (within 30 s). */
    public void awaitOnReplica(String query) throws Exception {
        awaitOnReplica(query, DATABASE);
    }

    private void awaitOnReplica(String query, String database) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + replicaPort + "/" + database + "?user=postgres";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                 var rs = st.executeQuery(query)) {
                if (rs.next()) {
                    return;
                }
            } catch (SQLException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the replica did not reach: " + query);
            }
            Thread.sleep(50);
        }
    }

    /** Stops the replica at once (as a crash would). */
    public void stopReplica() throws Exception {
        Path replica = root.resolve("replica");
        pg("pg_ctl", "-D", replica.toString(), "-m", "immediate", "-w", "stop");
        running.remove(replica);
    }

    @Override
    public void close() {
        for (Path dataDir : List.copyOf(running)) {
            try {
                pg("pg_ctl", "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
            } catch (Exception ignored) {
                // removed below either way
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; best effort
        }
    }

    private void pg(String program, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        run(command);
    }

    private void run(List<String> command) throws Exception {
        // run in a directory the postgres user may enter
        Process process = new ProcessBuilder(command).redirectErrorStream(true).directory(root.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    /** The directory of initdb, pg_ctl and pg_basebackup; skips (or on CI fails) when absent. */
    private static Path serverPrograms() {
        String reason;
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            Path bin = Path.of(out);
            if (p.waitFor() == 0 && Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_basebackup"))) {
                return bin;
            }
            reason = "initdb / pg_basebackup not found in " + out;
        } catch (IOException | InterruptedException | RuntimeException e) {
            reason = "pg_config not found (" + e.getMessage() + ")";
        }
        String message = "PostgreSQL server programs missing: " + reason + "; the read-replica test";
        if ("true".equalsIgnoreCase(String.valueOf(System.getenv("CI")).trim())) {
            throw new IllegalStateException(message + " FAILS because CI=true");
        }
        String line = "!".repeat(100);
        System.err.println(line + "\n!!! " + message + " is SKIPPED\n" + line);
        Assumptions.abort(message + " is skipped");
        throw new UncheckedIOException(new IOException("unreachable"));
    }

    private static String adminUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
