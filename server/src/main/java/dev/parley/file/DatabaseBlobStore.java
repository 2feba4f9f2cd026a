package dev.parley.file;

import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import org.jdbi.v3.core.Handle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Blobs in the {@code blob_contents} table, so that every node on a shared database can serve
 * every file. Contents are bounded by the upload size cap. They are written in the transaction
 * of the file row that uses them; {@code stored_at} is when a content was written last.
 */
public final class DatabaseBlobStore implements BlobStore {
    private final Database database;

    public DatabaseBlobStore(Database database) {
        this.database = database;
    }

    /** Nothing before the transaction: {@link #store} writes the content in it. */
    @Override
    public void prepare(String sha256, Path source, long size) {
    }

    /**
     * Writes the content, over the same content if it is there (an update as costly as the
     * insert: the same work whether the bytes were stored before or not).
     */
    @Override
    public void store(Handle h, String sha256, Path source, long size) throws IOException {
        byte[] content = Files.readAllBytes(source);
        h.createUpdate("""
                        INSERT INTO blob_contents (sha256, size_bytes, content, stored_at) VALUES (:sha, :size, :content, :now)
                        ON CONFLICT (sha256) DO UPDATE SET size_bytes = excluded.size_bytes, content = excluded.content,
                          stored_at = excluded.stored_at""")
                .bind("sha", sha256).bind("size", size).bind("content", content).bind("now", Clock.nowMillis()).execute();
    }

    @Override
    public void remove(Handle h, String sha256) {
        h.createUpdate("DELETE FROM blob_contents WHERE sha256 = :sha").bind("sha", sha256).execute();
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        byte[] content = database.read(h -> h.createQuery("SELECT content FROM blob_contents WHERE sha256 = :sha")
                .bind("sha", sha256).mapTo(byte[].class).findOne().orElse(null));
        if (content == null) {
            throw new IOException("No blob " + sha256);
        }
        return new ByteArrayInputStream(content);
    }

    @Override
    public boolean exists(String sha256) {
        return database.read(h -> h.createQuery("SELECT 1 FROM blob_contents WHERE sha256 = :sha")
                .bind("sha", sha256).mapTo(Integer.class).findOne().isPresent());
    }

    @Override
    public List<String> storedBefore(long cutoff) {
        return database.read(h -> h.createQuery("SELECT sha256 FROM blob_contents WHERE stored_at < :cutoff")
                .bind("cutoff", cutoff).mapTo(String.class).list());
    }
}
