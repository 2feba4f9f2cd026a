package dev.parley.cli;

import dev.parley.storage.Database;
import dev.parley.storage.StoreLock;
import dev.parley.transfer.BlobTarget;
import dev.parley.transfer.Importer;
import dev.parley.transfer.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code parley admin import}: load an export into this store (SQLite or PostgreSQL). */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Load an export of parley admin export into the store, in one transaction: rows, attachments"
                + " (into the --blob-store), a rebuilt search index, event positions as they were.",
                "Stop the Parley nodes on the target first (on SQLite, a running server is detected and the import refused)."
                        + " A target that holds data is refused without --force."})
public final class AdminImportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "The export to read; - for standard input.")
    String input;

    @Option(names = "--force", description = "Replace everything in a target that already holds data.")
    boolean force;

    @Option(names = "--blob-store", paramLabel = "STORE", defaultValue = "${env:PARLEY_BLOB_STORE:-filesystem}",
            description = "Where the attachments' contents go, as parley serve will read them: filesystem"
                    + " (<data-dir>/blobs) or database (default: ${DEFAULT-VALUE}).")
    String blobStore;

    @Option(names = "--no-progress", description = "Do not show the progress bar on stderr.")
    boolean noProgress;

    @Mixin
    JsonOption out;

    @Override
    public Integer call() throws Exception {
        BlobTarget blobs = switch (blobStore) {
            case "filesystem" -> BlobTarget.filesystem(store.dataDir.resolve("blobs").toAbsolutePath());
            case "database" -> BlobTarget.database();
            default -> throw new IllegalArgumentException("--blob-store must be filesystem or database");
        };
        Importer.Summary summary;
        try (StoreLock ignored = lockStore();
             InputStream in = "-".equals(input) ? new BufferedInputStream(System.in, 1 << 16)
                : new BufferedInputStream(Files.newInputStream(Path.of(input)), 1 << 16);
             Database db = store.open()) {
            Importer importer = new Importer(db, blobs, store.dataDir.resolve("tmp").toAbsolutePath());
            try (Progress progress = noProgress ? Progress.none() : Progress.bar("Importing", System.err)) {
                summary = importer.importFrom(in, force, progress);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + input, e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException("cannot read " + input + ": permission denied", e);
        }
        if (out.on()) {
            JsonOption.print(JsonOption.object().put("rows", summary.rows()).put("tables", summary.tables())
                    .put("files", summary.blobs()).put("sourceEngine", String.valueOf(summary.sourceEngine()))
                    .put("sourceSchemaVersion", String.valueOf(summary.sourceSchema()))
                    .put("blobStore", blobStore).put("replaced", summary.replaced()));
            return 0;
        }
        System.out.printf("Imported %d rows of %d tables and %d files' contents (from %s, schema version %s) into %s;"
                        + " files in the %s%s%n",
                summary.rows(), summary.tables(), summary.blobs(), summary.sourceEngine(), summary.sourceSchema(),
                store.databaseUrl != null && !store.databaseUrl.isBlank() ? "the database" : store.jdbcUrl(),
                blobs.describe(), summary.replaced() ? "; the earlier contents were replaced (--force)" : "");
        return 0;
    }

    /**
     * A SQLite store is held for the import, as {@code parley serve} holds it: an import replaces
     * the store, and a server running on it would go on serving its caches of what was there.
     */
    private StoreLock lockStore() {
        try {
            return StoreLock.acquire(store.jdbcUrl(), "parley admin import");
        } catch (StoreLock.StoreInUseException e) {
            throw new IllegalStateException(e.holder() + " is using this store. Stop it before importing: an import"
                    + " replaces the store, and a server running on it would go on serving what it holds in memory.", e);
        }
    }
}
