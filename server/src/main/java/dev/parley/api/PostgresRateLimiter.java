package dev.parley.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rate limits shared by every node on one PostgreSQL: each key's token bucket is a row of
 * {@code rate_limits} (migration V3), and each request takes its token with one atomic
 * {@code INSERT … ON CONFLICT DO UPDATE … RETURNING}: the row lock of the upsert serialises
 * concurrent requests for one key across nodes, and the database's clock is the only clock, so
 * nodes with skewed clocks still share one budget. The refill is greedy (continuous), as
 * Bucket4j's {@code refillGreedy}: {@code capacity} tokens per window.
 *
 * <p>A write per request would cost more than many requests themselves, so a node takes tokens
 * in leases: up to 1 % of the budget (at most {@link #MAX_LEASE}) in one upsert, spent locally
 * for at most a second. The budget is never exceeded (a lease is taken from the shared bucket);
 * what a node leased and did not spend within the second is lost, at most one lease per key and
 * node. Once the shared bucket is empty, the node refuses that key locally until a token is
 * due (at most a second), so refused requests cost no round trip either. Budgets under 200
 * requests lease one token at a time and ask the database every time, exactly as without leases.
 */
public final class PostgresRateLimiter extends RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRateLimiter.class);

    /** Microseconds of the database clock; {@code EXCLUDED.refilled_at} carries "now" into the update. */
    private static final String NOW = "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::BIGINT";
    private static final String AVAILABLE =
            "LEAST(CAST(? AS DOUBLE PRECISION), r.tokens + GREATEST(0, EXCLUDED.refilled_at - r.refilled_at) * CAST(? AS DOUBLE PRECISION))";
    /** Takes up to n whole tokens (n bound at every {@code CAST(? AS INTEGER)}); returns the rest and how many. */
    private static final String TAKE = """
            INSERT INTO rate_limits AS r (bucket_key, tokens, refilled_at, consumed)
            VALUES (?, ?, %1$s, CAST(? AS INTEGER))
            ON CONFLICT (bucket_key) DO UPDATE SET
                tokens = %2$s - LEAST(CAST(? AS INTEGER), FLOOR(%2$s)),
                refilled_at = GREATEST(r.refilled_at, EXCLUDED.refilled_at),
                consumed = LEAST(CAST(? AS INTEGER), FLOOR(%2$s))
            RETURNING tokens, consumed""".formatted(NOW, AVAILABLE);
    /**
     * The largest lease of tokens a node takes at once. Requests of one key wait for its renewal
     * (a round trip), so a small lease queues a busy client's requests often: at 64, one client
     * at 17,000 requests a second renewed 265 times a second (docs/BENCHMARKS.md, "The rate
     * limiter's leases"). A budget that large leases 1 % of itself only above 102,400 per window.
     */
    static final int MAX_LEASE = 1_024;
    /** How long a node may spend a lease. */
    private static final long LEASE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A bucket untouched for a whole window is full again: its row can go. */
    private static final String PURGE = "DELETE FROM rate_limits WHERE refilled_at < " + NOW + " - ?";

    private final DataSource dataSource;
    private final long windowMicros;
    /** Tokens added per microsecond. */
    private final double rate;
    private final AtomicLong nextPurge = new AtomicLong();
    private final int leaseSize;
    private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();
    private final AtomicLong upserts = new AtomicLong();

    /** Tokens of one key this node leased and has not spent yet; guarded by itself. */
    private static final class Lease {
        long left;
        long takenAt;
        double sharedAfter; // the shared bucket's tokens when the lease was taken
        long refusedUntil;  // leased budgets: the shared bucket was empty; refuse locally until then
        boolean empty;      // the last take left no whole token (shared and leased) …
        long emptyUntil;    // … until then, as far as this node knows (peekEmpty)
        boolean retired;    // dropped from the map by the purge: whoever holds it looks the key up again
    }

    public PostgresRateLimiter(DataSource dataSource, long capacity, Duration window) {
        super(capacity);
        this.dataSource = dataSource;
        this.windowMicros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(window.toNanos()));
        this.rate = capacity / (double) windowMicros;
        this.leaseSize = (int) Math.max(1, Math.min(MAX_LEASE, capacity / 100));
    }

    /** Upserts run so far (tests: leases save round trips). */
    long upserts() {
        return upserts.get();
    }

    @Override
    protected Probe take(String key) {
        Probe probe;
        do {
            probe = take(key, leases.computeIfAbsent(key, k -> new Lease()));
        } while (probe == null);
        return probe;
    }

    /** Takes from {@code lease}; null when the purge retired it between the lookup and the lock. */
    private Probe take(String key, Lease lease) {
        synchronized (lease) {
            if (lease.retired) {
                return null;
            }
            long now = System.nanoTime();
            if (lease.left > 0 && now - lease.takenAt < LEASE_NANOS) {
                lease.left--;
                return probe(lease.sharedAfter + lease.left, true);
            }
            if (now - lease.refusedUntil < 0) {
                // an empty shared bucket, seen less than a second ago: a refused client does not
                // cost a round trip per request
                return refusal(lease, now);
            }
            double tokens;
            long taken;
            try (Connection c = dataSource.getConnection()) {
                if (!c.getAutoCommit()) {
                    c.setAutoCommit(true);
                }
                try (PreparedStatement st = c.prepareStatement(TAKE)) {
                    st.setString(1, key);
                    st.setDouble(2, capacity - leaseSize);
                    st.setInt(3, leaseSize);
                    // AVAILABLE appears three times, each with capacity and rate; n twice between
                    int i = 4;
                    for (int a = 0; a < 3; a++) {
                        st.setDouble(i++, capacity);
                        st.setDouble(i++, rate);
                        if (a < 2) {
                            st.setInt(i++, leaseSize);
                        }
                    }
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        tokens = rs.getDouble(1);
                        taken = rs.getLong(2);
                    }
                }
                upserts.incrementAndGet();
                purgeIfDue(c, lease);
            } catch (SQLException e) {
                throw new IllegalStateException("Rate limit store unavailable: " + e.getMessage(), e);
            }
            lease.left = Math.max(0, taken - 1);
            lease.takenAt = now;
            lease.sharedAfter = Math.max(0, tokens);
            Probe probe = probe(lease.sharedAfter + lease.left, taken > 0);
            lease.empty = probe.remaining() < 1;
            lease.emptyUntil = now + micros2nanos((1 - lease.sharedAfter - lease.left) / rate);
            if (taken == 0 && leaseSize > 1) {
                lease.refusedUntil = now + Math.min(probe.nanosToRefill(), LEASE_NANOS);
            }
            return probe;
        }
    }

    /**
     * Empty as this node last saw the shared bucket (a take that left no whole token), until a
     * token is due: other nodes may have emptied it since without this node knowing, so this is
     * a lower bound, right for refusing early but never for granting.
     */
    @Override
    protected Probe peekEmpty(String key) {
        Lease lease = leases.get(key);
        if (lease == null) {
            return null;
        }
        synchronized (lease) {
            long now = System.nanoTime();
            if (!lease.empty || now - lease.emptyUntil >= 0) {
                return null;
            }
            return refusal(lease, now);
        }
    }

    /**
     * A refusal without asking the database: the shared bucket as this node last saw it, refilled
     * since at the bucket's rate, so that {@code Retry-After} (the next whole token) and
     * {@code X-Ratelimit-Reset} (full again) both count from now, not from when it was seen.
     */
    private Probe refusal(Lease lease, long now) {
        double refilled = Math.max(0, now - lease.takenAt) / 1000.0 * rate;
        double available = Math.min(capacity, lease.sharedAfter + lease.left + refilled);
        Probe probe = probe(Math.min(available, Math.nextDown(1.0)), false);
        return new Probe(false, 0, probe.nanosToReset(), probe.nanosToRefill());
    }

    /** The headers' view: what is left for this key (shared and leased), given whether one was taken. */
    private Probe probe(double available, boolean consumed) {
        long nanosToReset = micros2nanos((capacity - available) / rate);
        long nanosToRefill = consumed ? 0 : micros2nanos((1 - available) / rate);
        return new Probe(consumed, (long) Math.floor(available), nanosToReset, nanosToRefill);
    }

    private static long micros2nanos(double micros) {
        return (long) Math.ceil(Math.max(0, micros) * 1000);
    }

    /**
     * At most once per window and node: drop the rows of buckets that are full again, and the
     * expired leases but {@code renewing} (the caller's, whose lock it holds and which it is about
     * to fill). A lease is retired under its own lock, so a thread that looked it up just before
     * sees that and looks the key up again instead of filling a lease nobody else would find.
     */
    private void purgeIfDue(Connection c, Lease renewing) {
        long now = System.nanoTime();
        long due = nextPurge.get();
        if (due != 0 && now - due < 0 || !nextPurge.compareAndSet(due, now + windowMicros * 1000)) {
            return;
        }
        leases.forEach((key, lease) -> {
            if (lease == renewing) {
                return;
            }
            synchronized (lease) {
                if (now - lease.takenAt >= LEASE_NANOS) { // spent or expired: the next take leases anew
                    lease.retired = true;
                    leases.remove(key, lease);
                }
            }
        });
        try (PreparedStatement st = c.prepareStatement(PURGE)) {
            st.setLong(1, windowMicros);
            st.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not purge old rate-limit buckets: {}", e.getMessage());
        }
    }
}
