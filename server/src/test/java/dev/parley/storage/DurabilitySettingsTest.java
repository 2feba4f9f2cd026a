package dev.parley.storage;

import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.jdbi.v3.core.statement.StatementException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The settings that make an acknowledged write survive a crash of the machine, read back from a
 * running Parley's own connections. {@code kill -9} (KillDurabilityIT) does not show them: the
 * operating system keeps what a killed process wrote, so only the settings cover power loss.
 * SQLite: the writer runs WAL with {@code synchronous=FULL}, the readers are read-only
 * ({@code query_only}). PostgreSQL: {@code fsync}, {@code full_page_writes} and
 * {@code synchronous_commit} are on for Parley's sessions, and Parley warns at start when the
 * server, database or role turns one off (tried: {@code synchronous_commit=off} on the database;
 * {@code fsync=off} and {@code full_page_writes=off}, which only a server's configuration can set,
 * through the check's table).
 */
class DurabilitySettingsTest {

    @Test
    void sqliteWritesThroughWalWithSynchronousFull() {
        Assumptions.assumeFalse(TestDatabase.isPostgresql(), "SQLite run only");
        try (TestServer server = TestServer.startDemo()) {
            Database db = server.parley().database();
            String writerJournal = db.write(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
            int writerSynchronous = db.write(h -> h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one());
            String readerJournal = db.read(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
            assertThat(writerJournal).isEqualTo("wal");
            // 2 = FULL: the WAL is synced at every commit, before Parley answers
            assertThat(writerSynchronous).isEqualTo(2);
            assertThat(readerJournal).isEqualTo("wal");
        }
    }

    /** The reader pool cannot write, through {@code read} or a handle it opened; the writer can. */
    @Test
    void sqliteReadersAreReadOnly() {
        Assumptions.assumeFalse(TestDatabase.isPostgresql(), "SQLite run only");
        try (TestServer server = TestServer.startDemo()) {
            Database db = server.parley().database();
            int queryOnly = db.read(h -> h.createQuery("PRAGMA query_only").mapTo(Integer.class).one());
            assertThat(queryOnly).isEqualTo(1);
            assertThatThrownBy(() -> db.read(h -> h.execute("UPDATE categories SET name = name || '!'")))
                    .isInstanceOf(StatementException.class).hasMessageContaining("SQLITE_READONLY");
            try (var h = db.openReadHandle()) {
                assertThatThrownBy(() -> h.execute("DELETE FROM categories")).hasMessageContaining("SQLITE_READONLY");
            }
            int updated = db.write(h -> h.execute("UPDATE categories SET name = name WHERE 1 = 0"));
            int changed = db.read(h -> h.createQuery("SELECT COUNT(*) FROM categories WHERE name LIKE '%!'")
                    .mapTo(Integer.class).one());
            assertThat(updated).isZero();
            assertThat(changed).isZero();
        }
    }

    @Test
    void postgresqlCommitsAreDurableForParleysConnections() {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "PostgreSQL run only");
        try (TestServer server = TestServer.startDemo()) {
            Database db = server.parley().database();
            for (String pool : new String[]{"write", "read"}) {
                Map<String, String> settings = "write".equals(pool)
                        ? db.write(DurabilitySettingsTest::durabilitySettings)
                        : db.read(DurabilitySettingsTest::durabilitySettings);
                assertThat(settings.get("fsync")).as(pool).isEqualTo("on");
                assertThat(settings.get("full_page_writes")).as(pool).isEqualTo("on");
                // on, or a form for a synchronous standby (which still flushes locally); never off
                assertThat(settings.get("synchronous_commit")).as(pool).isIn("on", "remote_apply", "remote_write");
            }
            assertThat(DurabilityCheck.problems(db)).isEmpty();
        }
    }

    private static Map<String, String> durabilitySettings(org.jdbi.v3.core.Handle h) {
        return Map.of(
                "fsync", h.createQuery("SHOW fsync").mapTo(String.class).one(),
                "full_page_writes", h.createQuery("SHOW full_page_writes").mapTo(String.class).one(),
                "synchronous_commit", h.createQuery("SHOW synchronous_commit").mapTo(String.class).one());
    }

    @Test
    void aPostgresqlDatabaseWithSynchronousCommitOffIsWarnedAboutAtStart() throws Exception {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "PostgreSQL run only");
        try (TestDatabase unsafe = TestDatabase.createPostgresql()) {
            try (Connection c = DriverManager.getConnection(unsafe.url()); Statement st = c.createStatement()) {
                st.execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = off',"
                        + " current_database()); END $$");
            }
            String err = capturingStderr(() -> {
                try (TestServer server = TestServer.start(b -> b.databaseUrl(unsafe.url()))) {
                    assertThat(DurabilityCheck.problems(server.parley().database())).hasSize(1);
                }
            });
            assertThat(err.lines().filter(l -> l.contains("WARN") && l.contains("synchronous_commit=off")))
                    .as(err).hasSize(1);
        }
    }

    @Test
    void everySettingThatLosesAcknowledgedWritesIsNamed() {
        assertThat(DurabilityCheck.problems(Map.of("fsync", "on", "full_page_writes", "on", "synchronous_commit", "on")))
                .isEmpty();
        assertThat(DurabilityCheck.problems(Map.of("synchronous_commit", "remote_apply"))).isEmpty();
        assertThat(DurabilityCheck.problems(Map.of("fsync", "off", "full_page_writes", "off", "synchronous_commit", "off")))
                .hasSize(3)
                .anySatisfy(w -> assertThat(w).contains("fsync=off"))
                .anySatisfy(w -> assertThat(w).contains("full_page_writes=off"))
                .anySatisfy(w -> assertThat(w).contains("synchronous_commit=off"));
    }

    private static synchronized String capturingStderr(Runnable work) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            work.run();
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }
}
