package dev.parley;

import dev.parley.storage.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data directory as Parley lays it out, kept private to its owner at every start: the
 * directory itself, the SQLite database with its {@code -wal}, {@code -shm}, {@code -journal}
 * and {@code .lock} files, {@code demo-credentials.json}, {@code secrets/}, {@code tmp/} and
 * {@code blobs/}. New files are created private ({@link PrivateFiles}); this takes group and
 * others' permissions away from what an older Parley, a restore or a copy left open, and says
 * so in the log once. Only Parley's own entries are touched, not whatever else shares the
 * directory.
 *
 * <p>{@code blobs/} can hold millions of files, which Parley has always written {@code 0600}:
 * it is walked only when its own directory was open to others (an install from before, or a
 * copy), and is private from then on.
 */
final class DataDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    private static final List<String> DATABASE_SUFFIXES = List.of("", "-wal", "-shm", "-journal", ".lock");
    private static final int NAMED_IN_LOG = 8;

    private DataDirectory() {
    }

    /**
     * Creates {@code dataDir} ({@code 0700}) if it is missing, else restricts it and Parley's
     * entries in it, and the SQLite database's files ({@code sqliteFile}, may be null) wherever
     * they are.
     */
    static void secure(Path dataDir, Path sqliteFile) {
        DataDirectoryCheck.requireUsable(dataDir);
        try {
            PrivateFiles.createDirectories(dataDir);
            if (!PrivateFiles.posix(dataDir)) {
                return;
            }
            List<Path> restricted = new ArrayList<>();
            restrict(dataDir, restricted);
            if (sqliteFile != null) {
                for (String suffix : DATABASE_SUFFIXES) {
                    restrict(sqliteFile.resolveSibling(sqliteFile.getFileName() + suffix), restricted);
                }
                restrictTree(dev.parley.search.LuceneSearch.directoryOf(sqliteFile), restricted); // its search index
            }
            restrict(dataDir.resolve(Parley.DEMO_CREDENTIALS), restricted);
            restrictTree(dataDir.resolve("secrets"), restricted);
            restrictTree(dataDir.resolve("tmp"), restricted);
            Path blobs = dataDir.resolve("blobs");
            if (restrict(blobs, restricted)) {
                restrictTree(blobs, restricted);
            }
            if (!restricted.isEmpty()) {
                LOG.warn("Made {} files and directories in {} private to their owner (0700 / 0600): other users could"
                                + " read them before: {}{}", restricted.size(), dataDir.toAbsolutePath(),
                        restricted.subList(0, Math.min(NAMED_IN_LOG, restricted.size())).stream()
                                .map(p -> p.startsWith(dataDir) && !p.equals(dataDir) ? dataDir.relativize(p).toString()
                                        : p.toString()).toList(),
                        restricted.size() > NAMED_IN_LOG ? " …" : "");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot make the data directory " + dataDir.toAbsolutePath()
                    + " private: " + e.getMessage(), e);
        }
    }

    private static boolean restrict(Path path, List<Path> restricted) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !PrivateFiles.restrict(path)) {
            return false;
        }
        restricted.add(path);
        return true;
    }

    private static void restrictTree(Path root, List<Path> restricted) throws IOException {
        if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            restrict(root, restricted);
            return;
        }
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                restrict(p, restricted);
            }
        }
    }
}
