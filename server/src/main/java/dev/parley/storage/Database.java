package dev.parley.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store: a writer pool and a reader pool over one database, migrated with Flyway on open.
 *
 * <p>SQLite allows one writer at a time, so writes go through a single connection that starts
 * its transactions with {@code BEGIN IMMEDIATE} (no lock upgrades, no SQLITE_BUSY deadlocks);
 * reads use a pool of read-only connections that WAL lets run beside the writer.
 */
public final class Database implements AutoCloseable {
    private final Engine engine;
    private final HikariDataSource writer;
    private final HikariDataSource reader;
    private final Jdbi writeJdbi;
    private final Jdbi readJdbi;

    private Database(Engine engine, HikariDataSource writer, HikariDataSource reader) {
        this.engine = engine;
        this.writer = writer;
        this.reader = reader;
        this.writeJdbi = Jdbi.create(writer);
        this.readJdbi = Jdbi.create(reader);
    }

    /** Opens the database at {@code jdbcUrl}, creating and migrating it as needed. */
    public static Database open(String jdbcUrl) {
        Engine engine = Engine.of(jdbcUrl);
        if (engine != Engine.SQLITE) {
            throw new IllegalArgumentException("Unsupported database URL (this build speaks jdbc:sqlite:): " + jdbcUrl);
        }
        createParentDirectory(jdbcUrl);
        HikariDataSource writer = new HikariDataSource(sqliteConfig(jdbcUrl, "parley-writer", 1, false));
        try {
            migrate(writer, engine);
            HikariDataSource reader = new HikariDataSource(sqliteConfig(jdbcUrl, "parley-reader", 8, true));
            return new Database(engine, writer, reader);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    private static HikariConfig sqliteConfig(String url, String name, int size, boolean readOnly) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 2));
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("journal_mode", "WAL");
        // FULL: a commit is on disk before it is acknowledged.
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.addDataSourceProperty("foreign_keys", "true");
        if (!readOnly) {
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        }
        return config;
    }

    private static void migrate(HikariDataSource dataSource, Engine engine) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + engine.migrationFolder())
                .load()
                .migrate();
    }

    private static void createParentDirectory(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create the data directory " + parent + ": " + e.getMessage(), e);
        }
    }

    public Engine engine() {
        return engine;
    }

    /** Runs {@code work} in one write transaction. */
    public <R, X extends Exception> R write(HandleCallback<R, X> work) throws X {
        return writeJdbi.inTransaction(work);
    }

    /** Runs {@code work} on a read connection (each statement sees committed data). */
    public <R, X extends Exception> R read(HandleCallback<R, X> work) throws X {
        return readJdbi.withHandle(work);
    }

    public Handle openReadHandle() {
        return readJdbi.open();
    }

    @Override
    public void close() {
        reader.close();
        writer.close();
    }
}
