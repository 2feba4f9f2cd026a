package dev.parley.cli;

import dev.parley.storage.Database;
import dev.parley.storage.PrivateFiles;
import dev.parley.transfer.Exporter;
import dev.parley.transfer.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/** {@code parley admin export}: everything in the store as portable JSON lines. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write everything (every table's rows and the attachments' contents) as JSON lines,"
                + " from one consistent snapshot; the server may keep running.",
                "Import it with parley admin import, on SQLite or PostgreSQL."})
public final class AdminExportCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = {"-o", "--output"}, defaultValue = "-", paramLabel = "FILE",
            description = "Where to write the export; - for standard output (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--no-progress", description = "Do not show the progress bar on stderr.")
    boolean noProgress;

    @Mixin
    JsonOption out;

    @Override
    public Integer call() throws Exception {
        boolean toStdout = "-".equals(output);
        if (toStdout && out.on()) {
            throw new IllegalArgumentException("--json needs --output FILE: standard output carries the export itself");
        }
        Path target = toStdout ? null : Path.of(output).toAbsolutePath();
        Path temp = toStdout ? null : target.resolveSibling("." + target.getFileName() + ".part");
        Exporter.Summary summary;
        try (Database db = store.open(false)) {
            Exporter exporter = new Exporter(db, store.dataDir.resolve("blobs").toAbsolutePath(), System.err);
            if (temp != null) {
                PrivateFiles.createDirectories(temp.getParent());
            }
            // the export holds everything in the store: 0600, as every file Parley writes
            try (OutputStream out = toStdout ? new NonClosing(System.out)
                    : new BufferedOutputStream(PrivateFiles.newOutputStream(temp), 1 << 16);
                 Progress progress = noProgress ? Progress.none() : Progress.bar("Exporting", System.err)) {
                summary = exporter.export(out, progress);
                out.flush();
            }
            if (temp != null) {
                try {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (java.nio.file.FileSystemException e) {
            throw new IllegalArgumentException("cannot write " + output + ": "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()), e);
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
        if (out.on()) {
            JsonOption.print(JsonOption.object().put("file", target.toString()).put("rows", summary.rows())
                    .put("tables", summary.tables()).put("files", summary.blobs())
                    .put("schemaVersion", String.valueOf(summary.schemaVersion())));
            return 0;
        }
        System.err.printf("Exported %d rows of %d tables and %d files' contents (schema version %s)%s%n",
                summary.rows(), summary.tables(), summary.blobs(), summary.schemaVersion(),
                toStdout ? "" : " to " + target);
        return 0;
    }

    /** Standard output, flushed but left open. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws java.io.IOException {
            out.flush();
        }
    }
}
