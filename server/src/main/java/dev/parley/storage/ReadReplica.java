package dev.parley.storage;

import com.zaxxer.hikari.HikariDataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A PostgreSQL streaming replica that takes reads off the primary ({@code --read-database-url}).
 *
 * <p>Whether the replica may answer a read that asks for event N is decided by looking for event N
 * itself on the replica, not by comparing N with the replica's newest position: positions come
 * from a sequence, so a later position can commit (and be replayed) before an earlier one, while
 * replay follows commit order, so the presence of event N means everything committed before it
 * is there too.
 */
public final class ReadReplica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadReplica.class);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;
    /** After a failure the replica is left alone this long, so that reads do not each wait for it. */
    private static final long BACK_OFF_NANOS = 5_000_000_000L;

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final LongAdder replicaReads = new LongAdder();
    private final LongAdder primaryReads = new LongAdder();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private volatile long failedAt = System.nanoTime() - BACK_OFF_NANOS;

    ReadReplica(HikariDataSource pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool).define(Engine.ATTRIBUTE, Engine.POSTGRESQL);
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Whether the replica may answer: it has replayed event {@code position} (0: any state will
     * do) and has not failed in the last few seconds.
     */
    boolean hasApplied(long position) {
        if (System.nanoTime() - failedAt < BACK_OFF_NANOS) {
            return false;
        }
        if (position <= 0) {
            return true;
        }
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM events WHERE position = :p)")
                    .bind("p", position).mapTo(Boolean.class).one());
        } catch (RuntimeException e) {
            unavailable(e);
            return false;
        }
    }

    /** Notes that the replica failed (reads go to the primary for a while); logs at most once a minute. */
    void unavailable(Exception e) {
        long now = System.nanoTime();
        failedAt = now;
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("Read replica unavailable ({}); reading from the primary", e.getMessage());
        }
    }

    void countReplica() {
        replicaReads.increment();
    }

    void countPrimary() {
        primaryReads.increment();
    }

    /** Requests whose reads the replica answered, and those sent to the primary instead. */
    public record Counts(long replica, long primary) {
    }

    public Counts counts() {
        return new Counts(replicaReads.sum(), primaryReads.sum());
    }

    @Override
    public void close() {
        pool.close();
    }
}
