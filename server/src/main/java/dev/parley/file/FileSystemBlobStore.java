package dev.parley.file;

import dev.parley.storage.PrivateFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Blobs as files under {@code <data-dir>/blobs/ab/cd/<sha256>}, written to a temporary name,
 * forced to disk and moved into place atomically, so a crash never leaves half a blob. Only the
 * owner may read them: directories {@code 0700}, files {@code 0600} (temporary files are).
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

    @Override
    public void put(String sha256, Path source, long size) throws IOException {
        Path target = pathOf(sha256);
        if (Files.exists(target) && Files.size(target) == size) {
            return;
        }
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
    public InputStream open(String sha256) throws IOException {
        return Files.newInputStream(pathOf(sha256));
    }

    @Override
    public boolean exists(String sha256) {
        return Files.exists(pathOf(sha256));
    }

    @Override
    public void delete(String sha256) throws IOException {
        Files.deleteIfExists(pathOf(sha256));
    }
}
