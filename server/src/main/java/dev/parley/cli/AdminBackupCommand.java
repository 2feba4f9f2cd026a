package dev.parley.cli;

import dev.parley.storage.Database;
import dev.parley.transfer.Backup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code parley admin backup}: an online, consistent copy of the SQLite database. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Copy the SQLite database consistently while Parley keeps serving (VACUUM INTO).",
                "On PostgreSQL use pg_dump instead. Attachments in <data-dir>/blobs are files: copy that directory after the backup."})
public final class AdminBackupCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Mixin
    JsonOption out;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "The backup file to write (must not exist yet).")
    Path output;

    @Override
    public Integer call() throws Exception {
        Backup.requireSqlite(store.jdbcUrl());
        Backup.Summary summary;
        try (Database db = store.open(false)) {
            summary = Backup.run(db, output);
        }
        Path blobs = store.dataDir.resolve("blobs");
        if (out.on()) {
            JsonOption.print(JsonOption.object().put("file", summary.file().toString()).put("bytes", summary.bytes())
                    .put("schemaVersion", String.valueOf(summary.schemaVersion())).put("eventPosition", summary.events())
                    .put("attachmentsDirectory", blobs.toAbsolutePath().toString()));
            return 0;
        }
        System.out.printf("Backed up to %s (%d bytes, schema version %s, event position %d)%n",
                summary.file(), summary.bytes(), summary.schemaVersion(), summary.events());
        if (Files.isDirectory(blobs)) {
            try (var entries = Files.list(blobs)) {
                if (entries.findAny().isPresent()) {
                    System.out.println("Attachments are in " + blobs.toAbsolutePath() + ", not in the backup:"
                            + " copy that directory now (its files never change once written).");
                }
            }
        }
        return 0;
    }
}
