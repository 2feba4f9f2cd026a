package dev.parley.testing;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The database engine a test run uses, and a fresh database for each test server.
 *
 * <p>The engine comes from the system property {@code parley.test.engine} ({@code sqlite}, the
 * default, or {@code postgresql}); server/pom.xml runs the suite once per engine. On SQLite a
 * test's Parley uses {@code parley.db} in its own temporary data directory ({@link #url()} is
 * null). On PostgreSQL every {@link #create()} makes its own database {@code parley_test_<random>}
 * on the server at {@code PARLEY_TEST_POSTGRES_URL} (default
 * {@value #DEFAULT_POSTGRES_URL}; with the ICU collation en-US where the server has it) and
 * {@link #close()} drops it again.
 *
 * <p>When that server is not reachable, a banner says so once on stderr and the tests that need
 * it are skipped ({@link EngineCondition} skips whole classes of the PostgreSQL run before they
 * start; {@link #create()} and {@link #requirePostgresql()} are JUnit assumptions), unless
 * {@code CI=true}: then they fail.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String ENGINE_PROPERTY = "parley.test.engine";
    public static final String POSTGRES_URL_ENV = "PARLEY_TEST_POSTGRES_URL";
    public static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    /** Databases created and not yet dropped; dropped at JVM exit if a test forgot to close. */
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile String unreachable; // null: not checked yet or reachable
    private static volatile boolean checked;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (String name : LIVE) {
                try {
                    drop(name);
                } catch (SQLException ignored) {
                    // best effort at exit
                }
            }
        }, "parley-test-databases"));
    }

    private final String name;
    private final String url;

    private TestDatabase(String name, String url) {
        this.name = name;
        this.url = url;
    }

    /** Whether this run is the PostgreSQL half of the suite. */
    public static boolean isPostgresql() {
        String engine = System.getProperty(ENGINE_PROPERTY, "sqlite").trim().toLowerCase(Locale.ROOT);
        return switch (engine) {
            case "sqlite", "" -> false;
            case "postgresql", "postgres" -> true;
            default -> throw new IllegalStateException("Unknown " + ENGINE_PROPERTY + "=" + engine
                    + " (expected sqlite or postgresql)");
        };
    }

    /** The engine's name, for messages. */
    public static String engineName() {
        return isPostgresql() ? "postgresql" : "sqlite";
    }

    /**
     * A fresh database for one test server: on SQLite nothing to create; on PostgreSQL a new,
     * empty database (skipping the calling test, or failing it on CI, when the server is away).
     */
    public static TestDatabase create() {
        if (!isPostgresql()) {
            return new TestDatabase(null, null);
        }
        return createPostgresql();
    }

    /**
     * A fresh PostgreSQL database whatever engine the run uses (integration tests that cover
     * both engines); skipped, or failed on CI, when the server is away.
     */
    public static TestDatabase createPostgresql() {
        requirePostgresql();
        String name = "parley_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = admin(); Statement st = c.createStatement()) {
            try {
                // a linguistic collation, as production databases have (en_US.UTF-8 and the like):
                // SQL that relies on the server's collation (ORDER BY text, comparisons) shows here
                st.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'"
                        + " LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
            } catch (SQLException noIcu) {
                st.execute("CREATE DATABASE " + name); // PostgreSQL before 15, or built without ICU
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + ": " + e.getMessage(), e);
        }
        LIVE.add(name);
        return new TestDatabase(name, withDatabase(serverUrl(), name));
    }

    /** The JDBC URL to give Parley ({@code --database-url}); null on SQLite (the data directory's parley.db). */
    public String url() {
        return url;
    }

    /** Drops the database (PostgreSQL), ending connections left to it first. */
    @Override
    public void close() {
        if (name == null || !LIVE.remove(name)) {
            return;
        }
        try {
            drop(name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    /** The server URL from {@code PARLEY_TEST_POSTGRES_URL}, else the local default. */
    public static String serverUrl() {
        String env = System.getenv(POSTGRES_URL_ENV);
        return env == null || env.isBlank() ? DEFAULT_POSTGRES_URL : env.trim();
    }

    /**
     * Skips (assumption) or, with {@code CI=true}, fails the calling test when the PostgreSQL
     * server cannot be reached; the banner is printed once per run.
     */
    public static void requirePostgresql() {
        String unreachable = unreachableReason();
        if (unreachable != null) {
            Assumptions.abort(unreachable);
        }
    }

    /**
     * Null when the PostgreSQL server answers; else why it is skipped. With {@code CI=true} an
     * unreachable server is an error instead: this throws. Checked (and the banner printed) once.
     */
    public static String unreachableReason() {
        if (!checked) {
            synchronized (TestDatabase.class) {
                if (!checked) {
                    try (Connection ignored = admin()) {
                        unreachable = null;
                    } catch (SQLException e) {
                        unreachable = e.getMessage();
                        banner(unreachable);
                    }
                    checked = true;
                }
            }
        }
        if (unreachable == null) {
            return null;
        }
        String message = "PostgreSQL NOT REACHABLE at " + serverUrl() + " (" + unreachable + ")";
        if (isCi()) {
            throw new IllegalStateException(message + "; CI=true, so the PostgreSQL half of the suite fails"
                    + " instead of being skipped");
        }
        return message + " — the PostgreSQL half of the suite is SKIPPED";
    }

    private static boolean isCi() {
        return "true".equalsIgnoreCase(String.valueOf(System.getenv("CI")).trim());
    }

    private static void banner(String reason) {
        String line = "!".repeat(100);
        String verdict = isCi()
                ? "CI=true: the PostgreSQL half of the suite FAILS."
                : "The PostgreSQL half of the suite is SKIPPED (set CI=true to fail instead).";
        System.err.println();
        System.err.println(line);
        System.err.println("!!! PostgreSQL NOT REACHABLE at " + serverUrl());
        System.err.println("!!! " + reason);
        System.err.println("!!! " + verdict);
        System.err.println("!!! Start PostgreSQL there, or point " + POSTGRES_URL_ENV + " at one"
                + " (jdbc:postgresql://host:port/db?user=…).");
        System.err.println(line);
        System.err.println();
        System.err.flush();
    }

    private static Connection admin() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("connectTimeout", "5");
        props.setProperty("ApplicationName", "parley-tests");
        return DriverManager.getConnection(serverUrl(), props);
    }

    private static void drop(String name) throws SQLException {
        try (Connection c = admin()) {
            for (int attempt = 1; ; attempt++) {
                try (PreparedStatement terminate = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    terminate.setString(1, name);
                    terminate.executeQuery().close();
                }
                try (Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS " + name);
                    return;
                } catch (SQLException e) {
                    // 55006: a connection came back between terminate and drop (e.g. a pool refilling)
                    if (!"55006".equals(e.getSQLState()) || attempt >= 10) {
                        throw e;
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while dropping " + name, e);
                }
            }
        }
    }

    /** {@code jdbc:postgresql://host:port/db?params} with the database replaced by {@code name}. */
    static String withDatabase(String serverUrl, String name) {
        String prefix = "jdbc:postgresql://";
        if (!serverUrl.startsWith(prefix)) {
            throw new IllegalStateException(POSTGRES_URL_ENV + " must start with " + prefix + ": " + serverUrl);
        }
        String rest = serverUrl.substring(prefix.length());
        int query = rest.indexOf('?');
        String params = query < 0 ? "" : rest.substring(query);
        String location = query < 0 ? rest : rest.substring(0, query);
        int slash = location.indexOf('/');
        String hosts = slash < 0 ? location : location.substring(0, slash);
        return prefix + hosts + "/" + name + params;
    }
}
