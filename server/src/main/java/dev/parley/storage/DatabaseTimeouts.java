package dev.parley.storage;

import java.time.Duration;

/**
 * How long Parley waits on the database before it gives up on a statement.
 *
 * @param lockWait  for a lock that another process or session holds: SQLite's {@code busy_timeout}
 *                  (and the longest a write queued for the SQLite writer waits for it),
 *                  PostgreSQL's {@code lock_timeout}. A write that runs out of it is answered 503.
 * @param statement PostgreSQL only: the longest one statement may run ({@code statement_timeout});
 *                  zero for no limit (admin commands, whose bulk statements may take long).
 */
public record DatabaseTimeouts(Duration lockWait, Duration statement) {
    public static final long DEFAULT_LOCK_WAIT_MILLIS = 5_000;
    public static final long DEFAULT_STATEMENT_MILLIS = 30_000;
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMillis(DEFAULT_LOCK_WAIT_MILLIS);
    public static final Duration DEFAULT_STATEMENT = Duration.ofMillis(DEFAULT_STATEMENT_MILLIS);

    /** What {@code parley serve} uses unless told otherwise. */
    public static final DatabaseTimeouts SERVE = new DatabaseTimeouts(DEFAULT_LOCK_WAIT, DEFAULT_STATEMENT);
    /** Admin commands and tools: the same lock wait, no statement limit. */
    public static final DatabaseTimeouts ADMIN = new DatabaseTimeouts(DEFAULT_LOCK_WAIT, Duration.ZERO);

    public DatabaseTimeouts {
        if (lockWait == null || lockWait.toMillis() < 1 || lockWait.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("The lock timeout must be between 1 ms and " + Integer.MAX_VALUE + " ms");
        }
        if (statement == null || statement.isNegative() || statement.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("The statement timeout must be between 0 (no limit) and "
                    + Integer.MAX_VALUE + " ms");
        }
    }

    public long lockWaitMillis() {
        return lockWait.toMillis();
    }

    public long statementMillis() {
        return statement.toMillis();
    }
}
