package dev.parley.storage;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

import javax.sql.DataSource;

/**
 * Schema versions, per engine ({@code db/migration/<engine>}). A node never runs on a schema
 * newer than it knows (a newer Parley migrated it), nor, without migrating, on an older one.
 */
public final class Migrations {
    private Migrations() {
    }

    static Flyway flyway(DataSource dataSource, Engine engine) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + engine.migrationFolder())
                .load();
    }

    /**
     * Refuses a newer schema; migrates an older one when {@code migrate}, else refuses it too. On
     * PostgreSQL the migrations run on a connection of their own without the pool's statement and
     * socket timeouts: a migration that fills or rebuilds a table takes minutes on a large store
     * (one of a million rows was cut off after 30 s), and cut off it would leave the upgrade undone.
     *
     * <p>A schema exactly at this build's migrations ({@link CurrentSchema}) is left as it is
     * without starting Flyway, which would find nothing to do.
     *
     * @return whether Flyway ran (false: the schema was current)
     */
    static boolean check(DataSource dataSource, String jdbcUrl, Engine engine, boolean migrate) {
        CurrentSchema.State state = CurrentSchema.state(dataSource, engine);
        if (state == CurrentSchema.State.CURRENT) {
            return false;
        }
        if (state == CurrentSchema.State.NONE && migrate) {
            // a new store: nothing applied, so nothing newer than this Parley and all of it pending;
            // Flyway's look at what is applied (a tenth of a second of a first start) is not needed
            migrate(dataSource, jdbcUrl, engine, true);
            return true;
        }
        Flyway flyway = flyway(dataSource, engine);
        String known = null;
        MigrationInfo newest = null;
        for (MigrationInfo info : flyway.info().all()) {
            if (info.getState() == MigrationState.FUTURE_SUCCESS || info.getState() == MigrationState.FUTURE_FAILED) {
                newest = info;
            }
        }
        if (newest != null) {
            throw new IllegalStateException("The database schema is at version " + newest.getVersion()
                    + ", newer than this Parley knows (" + latestKnown(flyway) + "): a newer Parley migrated it. "
                    + "Run a Parley of that version or newer.");
        }
        if (migrate) {
            migrate(dataSource, jdbcUrl, engine, flyway.info().pending().length > 0);
            return true;
        }
        if (flyway.info().pending().length > 0) {
            known = latestKnown(flyway);
            MigrationInfo current = flyway.info().current();
            throw new IllegalStateException((current == null
                    ? "The database has no Parley schema yet"
                    : "The database schema is at version " + current.getVersion())
                    + ", older than this Parley (" + known + ") and migrations are off (--no-migrate); "
                    + "run `parley admin migrate` first.");
        }
        return true;
    }

    /** Runs Flyway's migrate; pending ones on PostgreSQL on a pool of their own without timeouts. */
    private static void migrate(DataSource dataSource, String jdbcUrl, Engine engine, boolean pending) {
        if (engine == Engine.SQLITE || !pending) {
            flyway(dataSource, engine).migrate();
            return;
        }
        com.zaxxer.hikari.HikariConfig config = onePool(jdbcUrl);
        config.setMaximumPoolSize(2); // Flyway holds its lock on one connection and migrates on another
        try (com.zaxxer.hikari.HikariDataSource unbounded = new com.zaxxer.hikari.HikariDataSource(config)) {
            flyway(unbounded, engine).migrate();
        }
    }

    /** Applies pending migrations and returns the version the schema is at. */
    public static String migrate(String jdbcUrl, DatabaseTimeouts timeouts) {
        try (Database db = Database.open(jdbcUrl, true, null, timeouts)) {
            Flyway flyway = flyway(db.writeDataSource(), db.engine());
            MigrationInfo current = flyway.info().current();
            return current == null ? "empty" : current.getVersion().getVersion();
        }
    }

    /** Where a schema stands: its version, this Parley's newest, and how many of its migrations it lacks. */
    public record Status(String current, String latest, int pending) {
    }

    /** The schema's {@link Status}, read without changing anything. */
    public static Status status(String jdbcUrl) {
        Engine engine = Engine.of(jdbcUrl);
        try (com.zaxxer.hikari.HikariDataSource source = new com.zaxxer.hikari.HikariDataSource(onePool(jdbcUrl))) {
            Flyway flyway = flyway(source, engine);
            MigrationInfo current = flyway.info().current();
            return new Status(current == null ? "none" : current.getVersion().getVersion(),
                    latestKnown(flyway).replace("version ", ""), flyway.info().pending().length);
        }
    }

    private static com.zaxxer.hikari.HikariConfig onePool(String jdbcUrl) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("parley-migrations");
        config.setMaximumPoolSize(1);
        return config;
    }

    private static String latestKnown(Flyway flyway) {
        String latest = "none";
        for (MigrationInfo info : flyway.info().all()) {
            if (info.getState() != MigrationState.FUTURE_SUCCESS && info.getState() != MigrationState.FUTURE_FAILED) {
                latest = "version " + info.getVersion();
            }
        }
        return latest;
    }
}
