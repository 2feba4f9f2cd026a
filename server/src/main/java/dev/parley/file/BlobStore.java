package dev.parley.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where file contents live, addressed by their SHA-256: the same bytes are stored once.
 * {@link #put} takes a complete, verified temporary file; {@link #delete} is called when no
 * file refers to the content any more.
 */
public interface BlobStore {

    /** Stores the content of {@code source} under {@code sha256} unless it is there already. */
    void put(String sha256, Path source, long size) throws IOException;

    /** The content, or an IOException if it is gone. */
    InputStream open(String sha256) throws IOException;

    boolean exists(String sha256) throws IOException;

    void delete(String sha256) throws IOException;
}
