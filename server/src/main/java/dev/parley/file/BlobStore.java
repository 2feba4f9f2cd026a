package dev.parley.file;

import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Where file contents live, addressed by their SHA-256: the same bytes are stored once.
 *
 * <p>Storing and removing follow one protocol ({@link FileService}): an upload first
 * {@link #prepare}s the content outside any transaction (the slow part), then, in the transaction
 * that inserts its file row and after taking the content's lock, calls {@link #store}, which
 * stores the content again if a removal took it meanwhile. A removal takes the same lock in its
 * own transaction, checks that no file uses the content, and calls {@link #remove}. Whichever of
 * the two runs second sees the other's effect, so no file row is ever left without its content.
 *
 * <p>Storing does the same work whether the bytes are there already or not, so that the time an
 * upload takes does not tell whether someone uploaded the same bytes before.
 */
public interface BlobStore {

    /**
     * Before the file row's transaction: makes the content of {@code source} durable under
     * {@code sha256} where that is slow (a file written, synced and moved into place, replacing
     * the same content if it is there); may do nothing if {@link #store} does the work.
     */
    void prepare(String sha256, Path source, long size) throws IOException;

    /**
     * In the file row's transaction, holding the content's lock: the content is stored when the
     * transaction commits. {@code source} is still there to store it (again) from.
     */
    void store(Handle h, String sha256, Path source, long size) throws IOException;

    /** In a transaction holding the content's lock, with no file using it: removes the content. */
    void remove(Handle h, String sha256) throws IOException;

    /** The content, or an IOException if it is gone. */
    InputStream open(String sha256) throws IOException;

    boolean exists(String sha256) throws IOException;

    /** The sha256 of every content stored (written last) before {@code cutoff}, epoch milliseconds. */
    List<String> storedBefore(long cutoff) throws IOException;
}
