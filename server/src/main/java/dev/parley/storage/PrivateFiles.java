package dev.parley.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files and directories that only their owner may read: everything Parley writes holds
 * conversations, tokens or secrets. Directories are made {@code 0700} and files {@code 0600} as
 * they are created (the umask can only take permissions away), not opened up and tightened
 * afterwards. On file systems without POSIX permissions they are created as the platform makes
 * them.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates {@code dir} and its missing parents as {@code 0700}; existing ones are left as they are. */
    public static Path createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createDirectories(dir);
        }
    }

    /** Creates an empty {@code 0600} file unless one exists. */
    public static void createFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (FileAlreadyExistsException exists) {
            // kept as it is: tightening existing files is DataDirectory's
        } catch (UnsupportedOperationException notPosix) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        }
    }

    /** Opens (creating it {@code 0600} if need be) a file for reading and writing. */
    public static FileChannel openReadWrite(Path file) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            return FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(FILE));
        } catch (UnsupportedOperationException notPosix) {
            return FileChannel.open(file, options);
        }
    }

    /**
     * A stream that writes {@code file} from its start: created {@code 0600}, or, if it exists,
     * made {@code 0600} before anything is written to it.
     */
    public static OutputStream newOutputStream(Path file) throws IOException {
        FileChannel channel = openReadWrite(file);
        try {
            restrict(file);
            channel.truncate(0);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return Channels.newOutputStream(channel);
    }

    /** Writes {@code bytes} to {@code file} as {@link #newOutputStream} does. */
    public static void write(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = newOutputStream(file)) {
            out.write(bytes);
        }
    }

    /**
     * Takes every permission of group and others away from {@code path} (so a {@code 0644} file
     * becomes {@code 0600}, a {@code 0755} directory {@code 0700}); the owner's are kept as they
     * are. Returns whether it changed anything. Symbolic links are not followed; nothing happens
     * on file systems without POSIX permissions.
     */
    public static boolean restrict(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return false;
        }
        var attributes = view.readAttributes();
        if (attributes.isSymbolicLink()) {
            return false;
        }
        Set<PosixFilePermission> kept = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : attributes.permissions()) {
            if (p == PosixFilePermission.OWNER_READ || p == PosixFilePermission.OWNER_WRITE
                    || p == PosixFilePermission.OWNER_EXECUTE) {
                kept.add(p);
            }
        }
        if (kept.size() == attributes.permissions().size()) {
            return false;
        }
        view.setPermissions(kept);
        return true;
    }

    /** Whether {@code path}'s file system has POSIX permissions. */
    public static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
