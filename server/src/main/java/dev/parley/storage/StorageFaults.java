package dev.parley.storage;

import org.jdbi.v3.core.ConnectionException;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Which failures come from the storage underneath rather than from Parley: the database
 * connection lost or unobtainable (a restart, {@code pg_terminate_backend}, a network cut, the
 * pool exhausted) or the disk full. Such a request did nothing that was acknowledged, so it is
 * answered 503 / 507 instead of 500, and the next request may well succeed.
 */
public final class StorageFaults {
    /** What went wrong underneath, or {@link #NONE}. */
    public enum Kind { NONE, DATABASE_UNAVAILABLE, STORAGE_FULL }

    private static final int SQLITE_FULL = 13;

    private StorageFaults() {
    }

    public static Kind classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException || t instanceof SQLTransientConnectionException) {
                return Kind.DATABASE_UNAVAILABLE; // Jdbi could not open one / Hikari's pool timed out
            }
            if (t instanceof SQLiteException sqlite && (sqlite.getErrorCode() & 0xff) == SQLITE_FULL) {
                return Kind.STORAGE_FULL; // extended result codes keep the primary code in the low byte
            }
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return Kind.DATABASE_UNAVAILABLE;
            }
            if (t instanceof IOException io && isNoSpace(io)) {
                return Kind.STORAGE_FULL;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Kind.NONE;
    }

    /** Whether a statement that failed this way may simply be run again on a fresh connection. */
    public static boolean isConnectionLost(Throwable e) {
        return classify(e) == Kind.DATABASE_UNAVAILABLE;
    }

    /**
     * Class 08: connection exception (the PostgreSQL driver's 08003 / 08006 when the socket went
     * away); 57P01-57P03: the server is shutting down or not yet accepting connections
     * ({@code pg_terminate_backend} is 57P01); 53300: too many connections.
     */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }

    /** ENOSPC (and EDQUOT) as the JDK reports them: only the message says so. */
    private static boolean isNoSpace(IOException e) {
        String text = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        return text != null && (text.contains("No space left on device") || text.contains("Disk quota exceeded"));
    }
}
