package dev.parley.storage;

import dev.parley.testing.TestDatabase;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Flyway is skipped on a current schema ({@link CurrentSchema}), on the run's engine: the first
 * open of an empty store runs it, the next does not and the store works; the bundled scripts'
 * checksums are the ones Flyway recorded; a new store (no history table) is migrated without
 * Flyway's look at what is applied, and one holding someone else's tables is still refused by
 * Flyway; a schema that differs in any way (a changed script's
 * checksum, a missing migration) goes through Flyway as before, with Flyway's own outcome.
 */
class CurrentSchemaTest {
    private TestDatabase database;
    private Path dataDir;

    @BeforeEach
    void setUp() throws IOException {
        database = TestDatabase.create();
        dataDir = Files.createTempDirectory("parley-current-schema");
    }

    @AfterEach
    void tearDown() throws IOException {
        database.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String jdbcUrl() {
        return database.url() != null ? database.url() : "jdbc:sqlite:" + dataDir.resolve("parley.db").toAbsolutePath();
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void aSecondOpenOfACurrentSchemaDoesNotRunFlywayAndTheStoreWorks() {
        try (Database first = Database.open(jdbcUrl(), true)) {
            assertThat(first.flywayRan()).as("an empty store is migrated by Flyway").isTrue();
        }
        try (Database second = Database.open(jdbcUrl(), true)) {
            assertThat(second.flywayRan()).as("a current schema is left alone").isFalse();
            second.write(h -> h.execute("INSERT INTO categories (category_id, name, reference_types) VALUES ('c-1', 'Billing', '[]')"));
            String name = second.read(h -> h.createQuery("SELECT name FROM categories WHERE category_id = 'c-1'")
                    .mapTo(String.class).one());
            assertThat(name).isEqualTo("Billing");
        }
        try (Database noMigrate = Database.open(jdbcUrl(), false)) {
            assertThat(noMigrate.flywayRan()).as("--no-migrate on a current schema").isFalse();
        }
    }

    @Test
    void theBundledChecksumsAreTheOnesFlywayRecorded() throws Exception {
        Engine engine = Engine.of(jdbcUrl());
        try (Database db = Database.open(jdbcUrl(), true)) {
            assertThat(db.flywayRan()).isTrue();
        }
        Map<String, CurrentSchema.Script> recorded = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl()); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery("SELECT version, script, checksum FROM flyway_schema_history")) {
            while (rows.next()) {
                recorded.put(rows.getString(1), new CurrentSchema.Script(rows.getString(2), rows.getInt(3)));
            }
        }
        assertThat(CurrentSchema.bundled(engine)).hasSizeGreaterThan(10).isEqualTo(recorded);
    }

    @Test
    void checksumsIgnoreLineEndingsAndALeadingByteOrderMark() throws IOException {
        int plain = checksum("CREATE TABLE t (id INT);\nSELECT 1;\n");
        assertThat(checksum("CREATE TABLE t (id INT);\r\nSELECT 1;\r\n")).isEqualTo(plain);
        assertThat(checksum("\uFEFFCREATE TABLE t (id INT);\nSELECT 1;")).isEqualTo(plain);
        assertThat(checksum("CREATE TABLE t (id BIGINT);\nSELECT 1;\n")).isNotEqualTo(plain);
    }

    private static int checksum(String text) throws IOException {
        return CurrentSchema.checksum(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aChangedScriptGoesThroughFlywayWhichRefusesItAsBefore() throws SQLException {
        try (Database db = Database.open(jdbcUrl(), true)) {
            assertThat(db.flywayRan()).isTrue();
        }
        execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        assertThatThrownBy(() -> Database.open(jdbcUrl(), true).close())
                .isInstanceOf(FlywayValidateException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void anEmptyStoreWithoutMigrationsIsRefusedByFlywayAsBefore() {
        assertThatThrownBy(() -> Database.open(jdbcUrl(), false).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no Parley schema yet");
    }

    @Test
    void aMissingNewestMigrationIsNotCurrent() throws Exception {
        try (Database db = Database.open(jdbcUrl(), true)) {
            assertThat(CurrentSchema.isCurrent(db.writeDataSource(), db.engine())).isTrue();
            String newest = CurrentSchema.bundled(db.engine()).keySet().stream()
                    .max(java.util.Comparator.comparingInt(Integer::parseInt)).orElseThrow();
            execute("DELETE FROM flyway_schema_history WHERE version = '" + newest + "'");
            assertThat(CurrentSchema.isCurrent(db.writeDataSource(), db.engine())).isFalse();
            execute("""
                    INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                        installed_by, installed_on, execution_time, success)
                    VALUES (999, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0,
                        'test', CURRENT_TIMESTAMP, 1, TRUE)""");
            assertThat(CurrentSchema.isCurrent(db.writeDataSource(), db.engine())).isFalse();
        }
    }

    @Test
    void aNewStoreHasNoHistoryAndIsMigratedStraightToCurrent() {
        try (com.zaxxer.hikari.HikariDataSource source = new com.zaxxer.hikari.HikariDataSource(pool())) {
            Engine engine = Engine.of(jdbcUrl());
            assertThat(CurrentSchema.state(source, engine)).isEqualTo(CurrentSchema.State.NONE);
            try (Database db = Database.open(jdbcUrl(), true)) {
                assertThat(db.flywayRan()).isTrue();
            }
            assertThat(CurrentSchema.state(source, engine)).isEqualTo(CurrentSchema.State.CURRENT);
        }
    }

    @Test
    void aStoreHoldingOtherTablesButNoHistoryIsRefusedByFlywayAsBefore() throws SQLException {
        execute("CREATE TABLE someone_elses (id INTEGER)");
        try (com.zaxxer.hikari.HikariDataSource source = new com.zaxxer.hikari.HikariDataSource(pool())) {
            assertThat(CurrentSchema.state(source, Engine.of(jdbcUrl()))).isEqualTo(CurrentSchema.State.NONE);
        }
        // Flyway's own check: it does not migrate into a schema it did not create
        assertThatThrownBy(() -> Database.open(jdbcUrl(), true).close())
                .isInstanceOf(org.flywaydb.core.api.FlywayException.class)
                .hasMessageContaining("non-empty schema");
    }

    private com.zaxxer.hikari.HikariConfig pool() {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setMaximumPoolSize(1);
        return config;
    }
}
