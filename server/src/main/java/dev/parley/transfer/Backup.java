package dev.parley.transfer;

import dev.parley.storage.Database;
import dev.parley.storage.Engine;
import dev.parley.storage.PrivateFiles;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code parley admin backup}: an online, consistent copy of the SQLite database while Parley
 * keeps serving. The copy is written next to the target under a temporary name, checked, forced
 * to disk and moved into place, so a crash never leaves a half backup under the final name.
 */
public final class Backup {
    static final String POSTGRESQL_HINT = "parley admin backup copies the embedded SQLite database; on PostgreSQL"
            + " use pg_dump (e.g. pg_dump --format=custom --file=parley.dump DBNAME) or parley admin export";

    private Backup() {
    }

    /** What a backup wrote. */
    public record Summary(Path file, long bytes, String schemaVersion, long events) {
    }

    /** Refuses PostgreSQL URLs before connecting. */
    public static void requireSqlite(String jdbcUrl) {
        if (Engine.of(jdbcUrl) != Engine.SQLITE) {
            throw new IllegalArgumentException(POSTGRESQL_HINT);
        }
    }

    public static Summary run(Database database, Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute)) {
            throw new FileAlreadyExistsException(absolute + " exists; choose a new name or remove it first");
        }
        Path dir = absolute.getParent();
        PrivateFiles.createDirectories(dir);
        Path temp = dir.resolve("." + absolute.getFileName() + ".part-" + ProcessHandle.current().pid());
        Files.deleteIfExists(temp);
        try {
            // the copy holds everything: 0600 from the start (VACUUM INTO fills an empty file it is given)
            PrivateFiles.createFile(temp);
            TransferSql sql = new TransferSql(database.engine());
            // VACUUM INTO writes a file, which the read-only readers (query_only) refuse; on the
            // writer's connection, outside a transaction, it only reads the store and takes no lock
            try (Handle h = Jdbi.create(database.writeDataSource()).open()) {
                sql.backup(h, temp);
            }
            // VACUUM INTO does not sync its output: check it, then force it to disk before it counts
            String schema;
            long events;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + temp);
                 Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
                    String result = rs.next() ? rs.getString(1) : "no answer";
                    if (!"ok".equals(result)) {
                        throw new IOException("the backup failed its check: " + result);
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(position), 0) FROM events")) {
                    events = rs.next() ? rs.getLong(1) : 0;
                }
                try (ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success"
                        + " ORDER BY installed_rank DESC LIMIT 1")) {
                    schema = rs.next() ? rs.getString(1) : "?";
                }
            } catch (SQLException e) {
                throw new IOException("the backup cannot be read back: " + e.getMessage(), e);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute);
            }
            return new Summary(absolute, Files.size(absolute), schema, events);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
