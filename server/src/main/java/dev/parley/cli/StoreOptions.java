package dev.parley.cli;

import dev.parley.storage.Database;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the store is: {@code --data-dir} and {@code --database-url}, shared by every command. */
public final class StoreOptions {
    @Option(names = "--data-dir", defaultValue = "${env:PARLEY_DATA_DIR:-./data}",
            description = "Directory for the embedded database and other data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--database-url", defaultValue = "${env:PARLEY_DATABASE_URL}",
            description = "JDBC URL of the database (default: SQLite file parley.db in the data directory).")
    String databaseUrl;

    public String jdbcUrl() {
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            return databaseUrl;
        }
        return "jdbc:sqlite:" + dataDir.resolve("parley.db").toAbsolutePath();
    }

    public Database open() {
        return Database.open(jdbcUrl());
    }
}
