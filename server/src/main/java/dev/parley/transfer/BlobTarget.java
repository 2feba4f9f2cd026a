package dev.parley.transfer;

import dev.parley.file.FileSystemBlobStore;
import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an import puts attachment contents: the target's configured blob store. The database
 * store is written in the import's own transaction; the filesystem store is content-addressed
 * and written atomically per blob, so a failed import leaves at most unreferenced blobs behind.
 */
public interface BlobTarget {

    /** Stores the verified content in {@code file} under {@code sha256}. */
    void put(Handle h, String sha256, Path file, long size) throws IOException;

    /** A short description for messages. */
    String describe();

    /** {@code <data-dir>/blobs}, as {@code --blob-store filesystem} serves it. */
    static BlobTarget filesystem(Path root) throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        return new BlobTarget() {
            @Override
            public void put(Handle h, String sha256, Path file, long size) throws IOException {
                store.put(sha256, file, size);
            }

            @Override
            public String describe() {
                return "filesystem store " + root;
            }
        };
    }

    /** The {@code blob_contents} table, as {@code --blob-store database} serves it. */
    static BlobTarget database() {
        return new BlobTarget() {
            @Override
            public void put(Handle h, String sha256, Path file, long size) throws IOException {
                try (InputStream in = Files.newInputStream(file)) {
                    h.createUpdate("""
                                    INSERT INTO blob_contents (sha256, size_bytes, content) VALUES (:sha, :size, :content)
                                    ON CONFLICT (sha256) DO NOTHING""")
                            .bind("sha", sha256).bind("size", size)
                            .bind("content", in.readAllBytes()) // bounded by the upload cap
                            .execute();
                }
            }

            @Override
            public String describe() {
                return "database store (blob_contents)";
            }
        };
    }
}
