package dev.parley.file;

import dev.parley.storage.PrivateFiles;
import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Blobs as files under {@code <data-dir>/blobs/ab/cd/<sha256>}, written to a temporary name,
 * forced to disk and moved into place atomically, so a crash never leaves half a blob. The file's
 * modification time is when it was stored last (the sweep's grace period for uploads in flight).
 * Only the owner may read them: directories {@code 0700}, files {@code 0600} (temporary files are).
 */
public final class FileSystemBlobStore implements BlobStore {
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");
    private final Path root;

    public FileSystemBlobStore(Path root) throws IOException {
        this.root = root;
        PrivateFiles.createDirectories(root);
    }

    private Path pathOf(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("Not a sha256: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    /**
     * Writes the content of {@code source} to a temporary file next to its place, forces it to
     * disk and moves it into place, replacing the same content if it is there: the same work
     * whether the bytes were stored before or not (see {@link BlobStore}).
     */
    public void put(String sha256, Path source, long size) throws IOException {
        Path target = pathOf(sha256);
        PrivateFiles.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), sha256, ".part");
        try {
            Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void prepare(String sha256, Path source, long size) throws IOException {
        put(sha256, source, size);
    }

    /** Written already by {@link #prepare}, unless a removal took it since: then written again. */
    @Override
    public void store(Handle h, String sha256, Path source, long size) throws IOException {
        if (!exists(sha256)) {
            put(sha256, source, size);
        }
    }

    @Override
    public void remove(Handle h, String sha256) throws IOException {
        Files.deleteIfExists(pathOf(sha256));
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        return Files.newInputStream(pathOf(sha256));
    }

    @Override
    public boolean exists(String sha256) {
        return Files.exists(pathOf(sha256));
    }

    /** Blob files (not the temporary {@code .part} files of writes in progress) last modified before {@code cutoff}. */
    @Override
    public List<String> storedBefore(long cutoff) throws IOException {
        List<String> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String name = file.getFileName().toString();
                if (attributes.isRegularFile() && SHA256.matcher(name).matches()
                        && attributes.lastModifiedTime().toMillis() < cutoff) {
                    found.add(name);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // removed meanwhile (a deletion, a write's temporary file)
            }
        });
        return found;
    }
}
