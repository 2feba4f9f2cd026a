package dev.parley.cli;

import dev.parley.storage.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code parley admin migrate}: applies pending schema migrations and prints the version the
 * schema is at. For upgrades of many nodes: migrate once, then start the nodes with
 * {@code serve --no-migrate}. A schema newer than this Parley is refused, not touched.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply pending database schema migrations and print the schema version.")
public final class AdminMigrateCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Mixin
    JsonOption out;

    @Override
    public Integer call() {
        var running = RunningServer.of(store);
        if (running.isPresent()) {
            // a server keeps using the schema it started with: changing it underneath is not for a running one
            Migrations.Status status = Migrations.status(store.jdbcUrl());
            if (status.pending() > 0) {
                throw new IllegalStateException(running.get() + " is using this store. Stop it before migrating the"
                        + " schema from version " + status.current() + " to " + status.latest() + ".");
            }
            out.print(JsonOption.object().put("schemaVersion", String.valueOf(status.current())).put("migrated", false),
                    "Database schema at version " + status.current() + " (nothing to migrate)");
            return 0;
        }
        String version = Migrations.migrate(store.jdbcUrl(), store.timeouts());
        out.print(JsonOption.object().put("schemaVersion", version).put("migrated", true), "Database schema at version " + version);
        return 0;
    }
}
