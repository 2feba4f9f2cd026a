package dev.parley.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rate limits shared by every node on one PostgreSQL: each key's token bucket is a row of
 * {@code rate_limits} (migration V3), and each request takes its token with one atomic
 * {@code INSERT … ON CONFLICT DO UPDATE … RETURNING}: the row lock of the upsert serialises
 * concurrent requests for one key across nodes, and the database's clock is the only clock, so
 * nodes with skewed clocks still share one budget. The refill is greedy (continuous), as
 * Bucket4j's {@code refillGreedy}: {@code capacity} tokens per window.
 */
public final class PostgresRateLimiter extends RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRateLimiter.class);

    /** Microseconds of the database clock; {@code EXCLUDED.refilled_at} carries "now" into the update. */
    private static final String NOW = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT";
    private static final String AVAILABLE =
            "LEAST(CAST(? AS DOUBLE PRECISION), r.tokens + GREATEST(0, EXCLUDED.refilled_at - r.refilled_at) * CAST(? AS DOUBLE PRECISION))";
    private static final String TAKE = """
            INSERT INTO rate_limits AS r (bucket_key, tokens, refilled_at, consumed)
            VALUES (?, ?, %1$s, 1)
            ON CONFLICT (bucket_key) DO UPDATE SET
                tokens = %2$s - CASE WHEN %2$s >= 1 THEN 1 ELSE 0 END,
                refilled_at = GREATEST(r.refilled_at, EXCLUDED.refilled_at),
                consumed = CASE WHEN %2$s >= 1 THEN 1 ELSE 0 END
            RETURNING tokens, consumed""".formatted(NOW, AVAILABLE);
    /** A bucket untouched for a whole window is full again: its row can go. */
    private static final String PURGE = "DELETE FROM rate_limits WHERE refilled_at < " + NOW + " - ?";

    private final DataSource dataSource;
    private final long windowMicros;
    /** Tokens added per microsecond. */
    private final double rate;
    private final AtomicLong nextPurge = new AtomicLong();

    public PostgresRateLimiter(DataSource dataSource, long capacity, Duration window) {
        super(capacity);
        this.dataSource = dataSource;
        this.windowMicros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(window.toNanos()));
        this.rate = capacity / (double) windowMicros;
    }

    @Override
    protected Probe take(String key) {
        double tokens;
        boolean consumed;
        try (Connection c = dataSource.getConnection()) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            try (PreparedStatement st = c.prepareStatement(TAKE)) {
                st.setString(1, key);
                st.setDouble(2, capacity - 1);
                // AVAILABLE appears three times, each with capacity and rate
                for (int i = 0; i < 3; i++) {
                    st.setDouble(3 + 2 * i, capacity);
                    st.setDouble(4 + 2 * i, rate);
                }
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    tokens = rs.getDouble(1);
                    consumed = rs.getInt(2) == 1;
                }
            }
            purgeIfDue(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Rate limit store unavailable: " + e.getMessage(), e);
        }
        double available = Math.max(0, tokens);
        long nanosToReset = micros2nanos((capacity - available) / rate);
        long nanosToRefill = consumed ? 0 : micros2nanos((1 - available) / rate);
        return new Probe(consumed, (long) Math.floor(available), nanosToReset, nanosToRefill);
    }

    private static long micros2nanos(double micros) {
        return (long) Math.ceil(Math.max(0, micros) * 1000);
    }

    /** At most once per window and node: drop the rows of buckets that are full again. */
    private void purgeIfDue(Connection c) {
        long now = System.nanoTime();
        long due = nextPurge.get();
        if (due != 0 && now - due < 0 || !nextPurge.compareAndSet(due, now + windowMicros * 1000)) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement(PURGE)) {
            st.setLong(1, windowMicros);
            st.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not purge old rate-limit buckets: {}", e.getMessage());
        }
    }
}
