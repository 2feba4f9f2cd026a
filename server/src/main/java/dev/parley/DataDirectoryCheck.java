package dev.parley;

import dev.parley.storage.PrivateFiles;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether the data directory can be used, checked at start before the store is opened: it is
 * created if missing, must be a directory, and a file must be creatable in it (a probe, removed at
 * once: the only test that sees permissions, ownership, ACLs and read-only mounts as Parley's
 * user meets them). A failure names the path and the reason in one line, where SQLite would
 * later say only SQLITE_CANTOPEN.
 */
final class DataDirectoryCheck {
    private DataDirectoryCheck() {
    }

    static void requireUsable(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw unusable(dir, "it is a file, not a directory");
        }
        try {
            PrivateFiles.createDirectories(dir);
        } catch (IOException e) {
            throw unusable(dir, "it cannot be created: " + reason(e));
        }
        Path probe = null;
        try {
            probe = Files.createTempFile(dir, ".parley-write-check", ".tmp");
        } catch (IOException e) {
            // the reason alone: the probe's random name would only distract
            String why = e instanceof FileSystemException f && f.getReason() != null ? f.getReason().toLowerCase(Locale.ROOT)
                    : e instanceof AccessDeniedException ? "permission denied" : reason(e);
            throw unusable(dir, "Parley's user (" + System.getProperty("user.name") + ") cannot write there: " + why);
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // a probe left behind is harmless
                }
            }
        }
    }

    private static IllegalStateException unusable(Path dir, String why) {
        return new IllegalStateException("The data directory " + dir + " cannot be used: " + why
                + " (set another with --data-dir or PARLEY_DATA_DIR)");
    }

    /** What an IOException says, as words: "permission denied on /x", "read-only file system", "/x is not a directory". */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied" + (a.getFile() != null ? " on " + a.getFile() : "");
        }
        if (e instanceof NoSuchFileException n) {
            return (n.getFile() != null ? n.getFile() : "a parent") + " does not exist";
        }
        if (e instanceof FileAlreadyExistsException f) {
            Path file = f.getFile() == null ? null : Path.of(f.getFile());
            return (file != null && !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? file + " is a file, not a directory"
                    : "it exists and is not a directory");
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String reason = f.getReason().toLowerCase(Locale.ROOT);
            if (reason.contains("not a directory") && f.getFile() != null) {
                return fileOnTheWay(Path.of(f.getFile())) + " is a file, not a directory";
            }
            return reason + (f.getFile() != null ? " (" + f.getFile() + ")" : "");
        }
        return String.valueOf(e.getMessage());
    }

    /** The nearest ancestor of {@code path} that exists (a file where a directory should be), or the path itself. */
    private static Path fileOnTheWay(Path path) {
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
        return path;
    }
}
