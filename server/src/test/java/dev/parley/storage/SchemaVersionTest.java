package dev.parley.storage;

import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Schema versions between Parley builds, on the run's engine ({@link TestDatabase}): {@code parley
 * admin migrate} migrates and prints the version; a schema newer than this build (a fake future
 * migration, version 999, in {@code flyway_schema_history}) makes {@code serve} refuse with a
 * clear message and a non-zero exit; {@code serve --no-migrate} refuses an older schema and runs
 * once it is migrated.
 */
class SchemaVersionTest {
    private TestDatabase database;
    private Path dataDir;

    /** What a CLI run printed and returned. */
    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void setUp() throws IOException {
        database = TestDatabase.create();
        dataDir = Files.createTempDirectory("parley-schema");
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

    private Run parley(String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.add("--data-dir");
        argv.add(dataDir.toString());
        if (database.url() != null) {
            argv.add("--database-url");
            argv.add(database.url());
        }
        dev.parley.testing.CliCapture.Result r = dev.parley.testing.CliCapture.run(argv);
        return new Run(r.exitCode(), r.out(), r.err());
    }

    private ParleyConfig.Builder config() {
        return ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir).databaseUrl(database.url());
    }

    /** The newest migration this build ships, e.g. "3". */
    private String latestVersion() {
        try (Database db = Database.open(jdbcUrl(), true)) {
            return Migrations.flyway(db.writeDataSource(), db.engine()).info().current().getVersion().getVersion();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Test
    void adminMigratePrintsTheSchemaVersionAndIsIdempotent() {
        Run first = parley("admin", "migrate");
        assertThat(first.exitCode()).as("stderr: " + first.err()).isZero();
        String version = latestVersion();
        assertThat(first.out().strip()).isEqualTo("Database schema at version " + version);
        Run again = parley("admin", "migrate");
        assertThat(again.exitCode()).as("stderr: " + again.err()).isZero();
        assertThat(again.out().strip()).isEqualTo("Database schema at version " + version);
    }

    @Test
    void aSchemaFromANewerParleyIsRefused() throws SQLException {
        assertThat(parley("admin", "migrate").exitCode()).isZero();
        String known = latestVersion();
        // what a newer Parley would leave behind: a successful migration this build does not know
        execute("""
                INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                    installed_by, installed_on, execution_time, success)
                VALUES (999, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0,
                    'test', CURRENT_TIMESTAMP, 1, TRUE)""");

        Run serve = parley("serve", "--host", "127.0.0.1", "--port", "0");
        assertThat(serve.exitCode()).as("exit code of serve; stdout: " + serve.out()).isNotZero();
        assertThat(serve.out()).doesNotContain("Parley listening");
        assertThat(serve.err())
                .contains("parley: The database schema is at version 999, newer than this Parley knows (version "
                        + known + ")")
                .contains("Run a Parley of that version or newer")
                .doesNotContain("\tat ");

        Run noMigrate = parley("serve", "--no-migrate", "--host", "127.0.0.1", "--port", "0");
        assertThat(noMigrate.exitCode()).isNotZero();
        assertThat(noMigrate.err()).contains("version 999, newer than this Parley knows");

        Run migrate = parley("admin", "migrate");
        assertThat(migrate.exitCode()).as("admin migrate does not touch a newer schema").isNotZero();
        assertThat(migrate.err()).contains("version 999, newer than this Parley knows");

        assertThatThrownBy(() -> Parley.start(config().build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 999");
    }

    @Test
    void noMigrateRefusesAnOlderSchemaUntilItIsMigrated() {
        // the schema as the previous release left it: everything up to version 2
        Flyway.configure().dataSource(jdbcUrl(), null, null)
                .locations("classpath:db/migration/" + Engine.of(jdbcUrl()).migrationFolder())
                .target("2").load().migrate();

        Run refused = parley("serve", "--no-migrate", "--host", "127.0.0.1", "--port", "0");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err())
                .contains("parley: The database schema is at version 2, older than this Parley")
                .contains("run `parley admin migrate` first")
                .doesNotContain("\tat ");

        Run migrate = parley("admin", "migrate");
        assertThat(migrate.exitCode()).as("stderr: " + migrate.err()).isZero();
        assertThat(migrate.out().strip()).isEqualTo("Database schema at version " + latestVersion());

        try (Parley parley = Parley.start(config().migrate(false).build())) {
            assertThat(parley.port()).isPositive();
        }
    }

    @Test
    void noMigrateRefusesAnEmptyDatabase() {
        Run refused = parley("serve", "--no-migrate", "--host", "127.0.0.1", "--port", "0");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("The database has no Parley schema yet")
                .contains("run `parley admin migrate` first");
    }

    /**
     * Version 8 drops preferences naming users outside the customer (written before preferences
     * were checked): a preferred user and a fallback from another customer go; a member's, an
     * employee's and a deactivated member's stay.
     */
    @Test
    void version8DropsPreferencesNamingOutsiders() throws SQLException {
        Flyway.configure().dataSource(jdbcUrl(), null, null)
                .locations("classpath:db/migration/" + Engine.of(jdbcUrl()).migrationFolder())
                .target("7").load().migrate();
        execute("""
                INSERT INTO users (user_id, clear_name, active, is_employee, created_at) VALUES
                  ('u-member', 'Member', 1, 0, 0), ('u-asleep', 'Asleep', 0, 0, 0),
                  ('u-staff', 'Staff', 1, 1, 0), ('u-outsider', 'Outsider', 1, 0, 0)""");
        execute("INSERT INTO customers (customer_id, name, created_at) VALUES ('c-1', 'One', 0), ('c-2', 'Two', 0)");
        execute("""
                INSERT INTO customer_members (customer_id, user_id, role) VALUES
                  ('c-1', 'u-member', 'member'), ('c-1', 'u-asleep', 'member'), ('c-2', 'u-outsider', 'owner')""");
        execute("""
                INSERT INTO categories (category_id, name, reference_types, sort_order) VALUES
                  ('k-1', 'one', '[]', 1), ('k-2', 'two', '[]', 2), ('k-3', 'three', '[]', 3), ('k-4', 'four', '[]', 4)""");
        execute("""
                INSERT INTO preferred_users (customer_id, category_id, user_id) VALUES
                  ('c-1', 'k-1', 'u-member'), ('c-1', 'k-2', 'u-outsider'), ('c-1', 'k-3', 'u-staff'),
                  ('c-1', 'k-4', 'u-asleep')""");
        execute("""
                INSERT INTO conversation_preferences (customer_id, fallback_user_id) VALUES
                  ('c-1', 'u-outsider'), ('c-2', 'u-outsider')""");

        assertThat(parley("admin", "migrate").exitCode()).isZero();

        try (Database db = Database.open(jdbcUrl(), false)) {
            List<String> pairs = db.read(h -> h.createQuery(
                    "SELECT category_id || '=' || user_id FROM preferred_users ORDER BY category_id").mapTo(String.class).list());
            assertThat(pairs).containsExactly("k-1=u-member", "k-3=u-staff", "k-4=u-asleep");
            List<String> fallbacks = db.read(h -> h.createQuery(
                    "SELECT customer_id || '=' || COALESCE(fallback_user_id, '-') FROM conversation_preferences ORDER BY customer_id")
                    .mapTo(String.class).list());
            assertThat(fallbacks).containsExactly("c-1=-", "c-2=u-outsider");
        }
    }
}
