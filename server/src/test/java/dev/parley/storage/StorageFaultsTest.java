package dev.parley.storage;

import com.zaxxer.hikari.pool.HikariPool;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static dev.parley.storage.StorageFaults.Kind.DATABASE_BUSY;
import static dev.parley.storage.StorageFaults.Kind.DATABASE_UNAVAILABLE;
import static dev.parley.storage.StorageFaults.Kind.NONE;
import static dev.parley.storage.StorageFaults.Kind.STORAGE_FULL;
import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are the storage's (503 / 507) and which are Parley's own (500). */
class StorageFaultsTest {
    @Test
    void lostOrUnobtainableConnectionsAreDatabaseUnavailable() {
        assertThat(StorageFaults.classify(new SQLException("terminating connection due to administrator command", "57P01")))
                .isEqualTo(DATABASE_UNAVAILABLE);
        assertThat(StorageFaults.classify(new SQLException("An I/O error occurred", "08006"))).isEqualTo(DATABASE_UNAVAILABLE);
        assertThat(StorageFaults.classify(new SQLException("the database system is starting up", "57P03")))
                .isEqualTo(DATABASE_UNAVAILABLE);
        assertThat(StorageFaults.classify(new SQLTransientConnectionException("parley - Connection is not available")))
                .isEqualTo(DATABASE_UNAVAILABLE);
        assertThat(StorageFaults.classify(new ConnectionException(new SQLException("refused", "08001"))))
                .isEqualTo(DATABASE_UNAVAILABLE);
        // wrapped, as Jdbi and the rate limiter wrap them
        assertThat(StorageFaults.classify(new IllegalStateException("Rate limit store unavailable",
                new SQLException("gone", "08003")))).isEqualTo(DATABASE_UNAVAILABLE);
        assertThat(StorageFaults.isConnectionLost(new RuntimeException(new HikariPool.PoolInitializationException(
                new SQLException("x", "08004"))))).isTrue();
    }

    /**
     * A lock held elsewhere beyond the lock timeout, or a statement the server cancelled: busy (a
     * 503), and not a lost connection, so nothing is retried on a fresh one. Variants: SQLite
     * busy with its extended codes, wrapped as Jdbi wraps it; PostgreSQL lock_timeout and
     * NOWAIT (55P03), statement_timeout and pg_cancel_backend (57014).
     */
    @Test
    void aLockHeldElsewhereOrACancelledStatementIsDatabaseBusy() {
        assertThat(StorageFaults.classify(new SQLiteException("[SQLITE_BUSY] The database file is locked (database is locked)",
                SQLiteErrorCode.SQLITE_BUSY))).isEqualTo(DATABASE_BUSY);
        assertThat(StorageFaults.classify(new SQLiteException("[SQLITE_BUSY_SNAPSHOT]",
                SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT))).isEqualTo(DATABASE_BUSY);
        assertThat(StorageFaults.classify(new SQLiteException("[SQLITE_BUSY_RECOVERY]",
                SQLiteErrorCode.SQLITE_BUSY_RECOVERY))).isEqualTo(DATABASE_BUSY);
        assertThat(StorageFaults.classify(new org.jdbi.v3.core.transaction.TransactionException("Failed to start transaction",
                new SQLiteException("[SQLITE_BUSY]", SQLiteErrorCode.SQLITE_BUSY)))).isEqualTo(DATABASE_BUSY);
        assertThat(StorageFaults.classify(new SQLException("canceling statement due to lock timeout", "55P03")))
                .isEqualTo(DATABASE_BUSY);
        assertThat(StorageFaults.classify(new SQLException("could not obtain lock on row in relation \"conversations\"",
                "55P03"))).isEqualTo(DATABASE_BUSY);
        assertThat(StorageFaults.classify(new SQLException("canceling statement due to statement timeout", "57014")))
                .isEqualTo(DATABASE_BUSY);
        assertThat(StorageFaults.classify(new SQLException("canceling statement due to user request", "57014")))
                .isEqualTo(DATABASE_BUSY);
        assertThat(StorageFaults.isConnectionLost(new SQLException("canceling statement due to lock timeout", "55P03")))
                .isFalse();
        assertThat(StorageFaults.isConnectionLost(new SQLiteException("[SQLITE_BUSY]", SQLiteErrorCode.SQLITE_BUSY)))
                .isFalse();
    }

    @Test
    void aFullDiskIsStorageFull() {
        assertThat(StorageFaults.classify(new SQLiteException("[SQLITE_FULL] database or disk is full",
                SQLiteErrorCode.SQLITE_FULL))).isEqualTo(STORAGE_FULL);
        assertThat(StorageFaults.classify(new UncheckedIOException(new IOException("No space left on device"))))
                .isEqualTo(STORAGE_FULL);
        assertThat(StorageFaults.classify(new FileSystemException("/data/blobs/ab", null, "No space left on device")))
                .isEqualTo(STORAGE_FULL);
    }

    @Test
    void everythingElseIsParleysOwn() {
        assertThat(StorageFaults.classify(new SQLException("duplicate key", "23505"))).isEqualTo(NONE);
        assertThat(StorageFaults.classify(new SQLException("syntax error", "42601"))).isEqualTo(NONE);
        assertThat(StorageFaults.classify(new SQLiteException("[SQLITE_CONSTRAINT]", SQLiteErrorCode.SQLITE_CONSTRAINT)))
                .isEqualTo(NONE);
        assertThat(StorageFaults.classify(new IOException("Broken pipe"))).isEqualTo(NONE);
        // without shared cache, SQLITE_LOCKED is a conflict inside one connection: Parley's own
        assertThat(StorageFaults.classify(new SQLiteException("[SQLITE_LOCKED] database table is locked",
                SQLiteErrorCode.SQLITE_LOCKED))).isEqualTo(NONE);
        assertThat(StorageFaults.classify(new SQLException("deadlock detected", "40P01"))).isEqualTo(NONE);
        assertThat(StorageFaults.classify(new NullPointerException())).isEqualTo(NONE);
    }
}
