package dev.parley.bench.seed;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Fresh PostgreSQL databases for the bench tests, as the server's TestDatabase makes them: on the
 * server at {@code PARLEY_TEST_POSTGRES_URL} (default the local one). When it is not reachable
 * the tests that need it are skipped with a banner on stderr, unless {@code CI=true}: then they fail.
 */
final class PostgresDatabases {
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    private PostgresDatabases() {
    }

    static String serverUrl() {
        String env = System.getenv("PARLEY_TEST_POSTGRES_URL");
        return env == null || env.isBlank() ? DEFAULT_URL : env.trim();
    }

    /** Creates a database and returns its name; skips (or on CI fails) when PostgreSQL is away. */
    static String create() {
        String name = "parley_bench_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String message = "PostgreSQL NOT REACHABLE at " + serverUrl() + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(String.valueOf(System.getenv("CI")).trim())) {
                throw new IllegalStateException(message + "; CI=true, so this test fails instead of being skipped", e);
            }
            System.err.println("!".repeat(100));
            System.err.println("!!! " + message + ": the PostgreSQL seed test is SKIPPED (CI=true fails instead)");
            System.err.println("!".repeat(100));
            Assumptions.abort(message);
        }
        return name;
    }

    static void drop(String name) throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                    + "' AND pid <> pg_backend_pid()");
            st.execute("DROP DATABASE IF EXISTS " + name);
        }
    }

    /** The server URL with the database replaced by {@code name}. */
    static String url(String name) {
        String server = serverUrl();
        int query = server.indexOf('?');
        String params = query < 0 ? "" : server.substring(query);
        String location = query < 0 ? server : server.substring(0, query);
        return location.substring(0, location.lastIndexOf('/') + 1) + name + params;
    }

    private static Connection admin() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(serverUrl(), props);
    }
}
