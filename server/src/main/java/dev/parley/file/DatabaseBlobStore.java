package dev.parley.file;

import dev.parley.storage.Database;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Blobs in the {@code blob_contents} table, so that every node on a shared database can serve
 * every file. Contents are bounded by the upload size cap.
 */
public final class DatabaseBlobStore implements BlobStore {
    private final Database database;

    public DatabaseBlobStore(Database database) {
        this.database = database;
    }

    @Override
    public void put(String sha256, Path source, long size) throws IOException {
        byte[] content = Files.readAllBytes(source);
        database.write(h -> h.createUpdate("""
                        INSERT INTO blob_contents (sha256, size_bytes, content) VALUES (:sha, :size, :content)
                        ON CONFLICT (sha256) DO NOTHING""")
                .bind("sha", sha256).bind("size", size).bind("content", content).execute());
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
    public void delete(String sha256) {
        database.write(h -> h.createUpdate("DELETE FROM blob_contents WHERE sha256 = :sha").bind("sha", sha256).execute());
    }
}
