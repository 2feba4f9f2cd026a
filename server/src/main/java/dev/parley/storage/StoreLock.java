package dev.parley.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Parley process per SQLite store. A server keeps its own cache of conversations and its own
 * view of the event log; a second server on the same database would serve what the first changed
 * late or never. So {@code parley serve} (and {@code admin import}, which replaces the store)
 * holds an exclusive lock on {@code <database file>.lock} for as long as it runs, and a second
 * one is refused with the holder's pid and command, which the lock file records.
 *
 * <p>The lock is the operating system's ({@link FileChannel#tryLock()}, {@code fcntl} on POSIX):
 * it ends with the process however the process ends, {@code kill -9} included, so a lock file
 * left behind never blocks a start. The file itself stays.
 *
 * <p>PostgreSQL (many nodes on one database) and in-memory SQLite have nothing to lock.
 */
public final class StoreLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreLock.class);
    private static final Pattern RECORD = Pattern.compile("^(\\d+) (.+)$");
    /** Nothing to lock (PostgreSQL); closing it does nothing. */
    public static final StoreLock NONE = new StoreLock(null, null, null, null);

    /**
     * Locks this JVM holds, by lock file. Within one JVM the lock table is the JVM's, and closing
     * any other channel of the same file would drop the OS lock of the whole process, so a file
     * held here is never opened a second time.
     */
    private static final Map<Path, StoreLock> HELD = new HashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Holder holder;

    private StoreLock(Path file, FileChannel channel, FileLock lock, Holder holder) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /** Who holds a store: a process id and the command it runs (e.g. {@code parley serve}). */
    public record Holder(long pid, String command) {
        /** Whether it is a server (as opposed to an admin command holding the store for a while). */
        public boolean serving() {
            return command.endsWith(" serve");
        }

        @Override
        public String toString() {
            return pid > 0 ? command + " (pid " + pid + ")" : "another process";
        }
    }

    /** The store is locked by someone else. */
    public static final class StoreInUseException extends IllegalStateException {
        private final transient Holder holder;

        StoreInUseException(Holder holder, Path database) {
            super("The SQLite database " + database + " is in use by " + holder + ". Stop that one first, or give "
                    + "this one a data directory of its own (--data-dir): two servers on one SQLite database would each "
                    + "serve the other's changes late or never. Several nodes on one store need PostgreSQL "
                    + "(--database-url).");
            this.holder = holder;
        }

        public Holder holder() {
            return holder;
        }
    }

    /**
     * Locks the SQLite store at {@code jdbcUrl} for {@code command} (e.g. {@code parley serve})
     * until {@link #close}; {@link #NONE} when there is nothing to lock.
     *
     * @throws StoreInUseException when another process, or another Parley in this JVM, holds it
     */
    public static StoreLock acquire(String jdbcUrl, String command) {
        Optional<Path> database = sqliteFile(jdbcUrl);
        if (database.isEmpty()) {
            return NONE;
        }
        Path file;
        try {
            PrivateFiles.createDirectories(database.get().getParent());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the directory of " + database.get() + ": " + e.getMessage(), e);
        }
        file = lockFile(database.get());
        synchronized (HELD) {
            StoreLock mine = HELD.get(file);
            if (mine != null) {
                throw new StoreInUseException(mine.holder, database.get());
            }
            FileChannel channel = null;
            try {
                channel = PrivateFiles.openReadWrite(file);
                FileLock lock = tryLock(channel);
                if (lock == null) {
                    Holder other = read(channel);
                    channel.close();
                    throw new StoreInUseException(other, database.get());
                }
                Holder me = new Holder(ProcessHandle.current().pid(), command);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((me.pid() + " " + me.command() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(false);
                StoreLock held = new StoreLock(file, channel, lock, me);
                HELD.put(file, held);
                return held;
            } catch (IOException e) {
                // a file system without locks (some network mounts): run, but say what is not guarded
                closeQuietly(channel);
                LOG.warn("Cannot lock {} ({}); make sure no other Parley uses this SQLite database", file, e.toString());
                return NONE;
            }
        }
    }

    /**
     * Who holds the SQLite store at {@code jdbcUrl} right now, if anyone (always empty for
     * PostgreSQL). A look only: nothing is held afterwards.
     */
    public static Optional<Holder> holder(String jdbcUrl) {
        Optional<Path> database = sqliteFile(jdbcUrl);
        if (database.isEmpty()) {
            return Optional.empty();
        }
        Path file;
        try {
            file = lockFile(database.get());
        } catch (IllegalStateException noDirectory) {
            return Optional.empty(); // no store there yet
        }
        synchronized (HELD) {
            StoreLock mine = HELD.get(file);
            if (mine != null) {
                return Optional.of(mine.holder);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    lock.release();
                    return Optional.empty();
                }
                return Optional.of(read(channel));
            } catch (NoSuchFileException e) {
                return Optional.empty(); // never served
            } catch (IOException e) {
                return Optional.empty(); // cannot tell (no access to it, no locks on this file system)
            }
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held in this JVM through a channel not in HELD: taken all the same
        }
    }

    private static Holder read(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(512);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
            Matcher m = RECORD.matcher(text);
            if (m.matches()) {
                return new Holder(Long.parseLong(m.group(1)), m.group(2));
            }
        } catch (IOException | NumberFormatException e) {
            // locked against reading too (Windows), or not written yet: say less
        }
        return new Holder(0, "another process");
    }

    /** The SQLite database file a URL names, or empty for PostgreSQL and in-memory or URI-style SQLite URLs. */
    public static Optional<Path> sqliteFile(String jdbcUrl) {
        if (Engine.of(jdbcUrl) != Engine.SQLITE) {
            return Optional.empty();
        }
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(path).toAbsolutePath().normalize());
    }

    /** {@code <database>.lock}, its directory resolved to its real path, so that every spelling of it is one key. */
    private static Path lockFile(Path database) {
        try {
            return database.getParent().toRealPath().resolve(database.getFileName() + ".lock");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot find the directory of " + database + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }

    /** Releases the lock (the lock file stays). */
    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        synchronized (HELD) {
            HELD.remove(file, this);
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it as well
            }
            closeQuietly(channel);
        }
    }
}
