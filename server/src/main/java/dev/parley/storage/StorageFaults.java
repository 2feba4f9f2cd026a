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
 * pool exhausted), the database locked by someone else for longer than the lock timeout, or the
 * disk full. Such a request did nothing that was acknowledged, so it is answered 503 / 507
 * instead of 500, and the next request may well succeed.
 */
public final class StorageFaults {
    /** What went wrong underneath, or {@link #NONE}. */
    public enum Kind {
        NONE,
        /** The connection is gone or cannot be had: a read may be tried again on a fresh one. */
        DATABASE_UNAVAILABLE,
        /**
         * The connection is fine, but a lock another process or session holds (SQLite busy or
         * locked, PostgreSQL {@code lock_timeout}) or a statement cancelled by the server
         * ({@code statement_timeout}, {@code pg_cancel_backend}) ended the statement. Nothing to
         * reconnect for; the wait that ended it was already as long as Parley allows.
         */
        DATABASE_BUSY,
        STORAGE_FULL
    }

    /**
     * "database is locked": another connection holds the lock (with its extended codes, e.g.
     * BUSY_SNAPSHOT, BUSY_RECOVERY). Not SQLITE_LOCKED: without shared cache that is a conflict
     * inside one connection, i.e. Parley's own doing.
     */
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_FULL = 13;

    private StorageFaults() {
    }

    public static Kind classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectionException || t instanceof SQLTransientConnectionException) {
                return Kind.DATABASE_UNAVAILABLE; // Jdbi could not open one / Hikari's pool timed out
            }
            if (t instanceof SQLiteException sqlite) {
                int primary = sqlite.getErrorCode() & 0xff; // extended result codes keep the primary code in the low byte
                if (primary == SQLITE_FULL) {
                    return Kind.STORAGE_FULL;
                }
                if (primary == SQLITE_BUSY) {
                    return Kind.DATABASE_BUSY;
                }
            }
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return Kind.DATABASE_UNAVAILABLE;
            }
            if (t instanceof SQLException sql && isBusyState(sql.getSQLState())) {
                return Kind.DATABASE_BUSY;
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

    /**
     * 55P03 lock_not_available: {@code lock_timeout} ran out (or {@code NOWAIT}); 57014
     * query_canceled: {@code statement_timeout} ran out, or someone cancelled the statement
     * ({@code pg_cancel_backend}). Parley itself never cancels its statements, so either way the
     * database ended a statement that was in order: the request did nothing and may be repeated.
     */
    private static boolean isBusyState(String state) {
        return "55P03".equals(state) || "57014".equals(state);
    }

    /** ENOSPC (and EDQUOT) as the JDK reports them: only the message says so. */
    private static boolean isNoSpace(IOException e) {
        String text = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        return text != null && (text.contains("No space left on device") || text.contains("Disk quota exceeded"));
    }
}
