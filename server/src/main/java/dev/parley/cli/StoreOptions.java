package dev.parley.cli;

import dev.parley.storage.Database;
import dev.parley.storage.DatabaseTimeouts;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** Where the store is: {@code --data-dir} and {@code --database-url}, shared by every command. */
public final class StoreOptions {
    @Option(names = "--data-dir", defaultValue = "${env:PARLEY_DATA_DIR:-./data}",
            description = "Directory for the embedded database and other data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--database-url", defaultValue = "${env:PARLEY_DATABASE_URL}",
            description = "JDBC URL of the database (default: SQLite file parley.db in the data directory).")
    String databaseUrl;

    @Option(names = "--lock-timeout", paramLabel = "MS",
            defaultValue = "${env:PARLEY_LOCK_TIMEOUT:-" + DatabaseTimeouts.DEFAULT_LOCK_WAIT_MILLIS + "}",
            description = "How long a statement waits for a lock another process or session holds (SQLite busy_timeout, "
                    + "PostgreSQL lock_timeout) before it gives up: an API request then answers 503 (default: ${DEFAULT-VALUE} ms).")
    long lockTimeoutMillis;

    public String jdbcUrl() {
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            return databaseUrl;
        }
        return "jdbc:sqlite:" + dataDir.resolve("parley.db").toAbsolutePath();
    }

    /** Admin commands' timeouts: {@code --lock-timeout}, no statement limit. */
    public DatabaseTimeouts timeouts() {
        return timeouts(Duration.ZERO);
    }

    /** {@code --lock-timeout} with the given statement limit (PostgreSQL; zero for none). */
    public DatabaseTimeouts timeouts(Duration statement) {
        return new DatabaseTimeouts(Duration.ofMillis(lockTimeoutMillis), statement);
    }

    /** Opens the store, migrating it first. */
    public Database open() {
        return open(true);
    }

    /** Opens the store; without {@code migrate}, a schema older than this Parley is refused. */
    public Database open(boolean migrate) {
        return Database.open(jdbcUrl(), migrate, null, timeouts());
    }
}
