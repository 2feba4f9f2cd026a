package dev.parley.storage;

import org.jdbi.v3.core.Handle;
import org.sqlite.SQLiteConfig.TransactionMode;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteConnectionConfig;

import java.sql.SQLException;

/**
 * How write transactions begin on SQLite: {@code BEGIN IMMEDIATE}, waiting at most a given time
 * for another process's write lock.
 *
 * <p>IMMEDIATE takes the write lock at BEGIN, where waiting for it is harmless, rather than at the
 * first write, where a transaction that has read already cannot wait (SQLITE_BUSY_SNAPSHOT).
 *
 * <p>Only that BEGIN is IMMEDIATE; the connections' own mode stays DEFERRED. sqlite-jdbc starts
 * the next transaction right after every COMMIT and ROLLBACK, in the connection's mode; in
 * IMMEDIATE mode that BEGIN would take the write lock again and, if another process got it in
 * between, wait and then fail the {@code commit()} call although the COMMIT went through: a
 * write reported failed that is in the store. A DEFERRED BEGIN takes no lock and cannot fail so.
 */
final class SqliteTransactions {
    private SqliteTransactions() {
    }

    /** Begins an IMMEDIATE transaction on {@code h}, waiting up to {@code lockWaitMillis} for the write lock. */
    static void beginImmediate(Handle h, long lockWaitMillis) {
        SQLiteConnection connection;
        try {
            connection = h.getConnection().unwrap(SQLiteConnection.class);
            connection.setBusyTimeout((int) Math.max(0, Math.min(Integer.MAX_VALUE, lockWaitMillis)));
        } catch (SQLException e) {
            throw new IllegalStateException("Not a SQLite connection: " + e.getMessage(), e);
        }
        SQLiteConnectionConfig config = connection.getConnectionConfig();
        config.setTransactionMode(TransactionMode.IMMEDIATE);
        try {
            h.begin();
        } finally {
            config.setTransactionMode(TransactionMode.DEFERRED);
        }
    }
}
