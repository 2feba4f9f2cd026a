package dev.parley.api;

import dev.parley.storage.Database;
import dev.parley.testing.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two rate limiters behave alike: the in-memory one (Bucket4j, SQLite) and the one in
 * PostgreSQL that all nodes share, which also must not hand out more than the budget to
 * concurrent requests. The PostgreSQL half runs in the suite's PostgreSQL run.
 */
class RateLimiterTest {

    @Test
    void memoryLimiterTakesTheBudgetThenRefuses() {
        assertBudgetOfFive(new MemoryRateLimiter(5, Duration.ofMinutes(1)));
    }

    @Test
    void postgresLimiterTakesTheBudgetThenRefuses() {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "PostgreSQL run only");
        try (TestDatabase database = TestDatabase.create(); Database db = Database.open(database.url())) {
            assertBudgetOfFive(new PostgresRateLimiter(db.writeDataSource(), 5, Duration.ofMinutes(1)));
        }
    }

    @Test
    void postgresLimiterNeverHandsOutMoreThanTheBudgetToConcurrentRequests() throws Exception {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "PostgreSQL run only");
        try (TestDatabase database = TestDatabase.create(); Database db = Database.open(database.url())) {
            // two limiters on one database: two nodes
            RateLimiter[] nodes = {
                    new PostgresRateLimiter(db.writeDataSource(), 100, Duration.ofHours(1)),
                    new PostgresRateLimiter(db.writeDataSource(), 100, Duration.ofHours(1))};
            ExecutorService pool = Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            try {
                List<Future<Integer>> runs = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    RateLimiter limiter = nodes[t % 2];
                    Callable<Integer> run = () -> {
                        int taken = 0;
                        for (int i = 0; i < 25; i++) {
                            if (limiter.take("token:shared").consumed()) {
                                taken++;
                            }
                        }
                        return taken;
                    };
                    runs.add(pool.submit(run));
                }
                int taken = 0;
                for (Future<Integer> run : runs) {
                    taken += run.get(60, TimeUnit.SECONDS);
                }
                // the whole budget, and no more than the refill (100 an hour) added meanwhile
                assertThat(taken).as("requests let through out of 200 with a budget of 100")
                        .isBetween(100, 100 + (int) refilledSince(start, 100, Duration.ofHours(1)));
            } finally {
                pool.shutdownNow();
            }
            // other keys are untouched
            assertThat(nodes[0].take("token:other").remaining()).isEqualTo(99);
        }
    }

    @Test
    void postgresLimiterLeasesTokensYetNeverExceedsTheBudgetAcrossNodes() throws Exception {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "PostgreSQL run only");
        try (TestDatabase database = TestDatabase.create(); Database db = Database.open(database.url())) {
            // a budget of 10,000: leases of 64 tokens; two nodes, 8 threads, 12,000 requests
            PostgresRateLimiter[] nodes = {
                    new PostgresRateLimiter(db.writeDataSource(), 10_000, Duration.ofHours(1)),
                    new PostgresRateLimiter(db.writeDataSource(), 10_000, Duration.ofHours(1))};
            ExecutorService pool = Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            try {
                List<Future<Integer>> runs = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    RateLimiter limiter = nodes[t % 2];
                    runs.add(pool.submit(() -> {
                        int taken = 0;
                        for (int i = 0; i < 1500; i++) {
                            RateLimiter.Probe probe = limiter.take("token:leased");
                            assertThat(probe.remaining()).isBetween(0L, 10_000L);
                            if (probe.consumed()) {
                                taken++;
                            }
                        }
                        return taken;
                    }));
                }
                int taken = 0;
                for (Future<Integer> run : runs) {
                    taken += run.get(120, TimeUnit.SECONDS);
                }
                // never more than the budget and what refilled meanwhile (10,000 an hour: some
                // 3 a second); less only by what a node leased and had not spent when its lease
                // expired (a lease unused for a second: a few at most, even on a machine stalled
                // for a moment, hence the loose lower bound)
                long refilled = refilledSince(start, 10_000, Duration.ofHours(1));
                assertThat(taken).isLessThanOrEqualTo(10_000 + (int) refilled).isGreaterThanOrEqualTo(9_000);
                long upserts = nodes[0].upserts() + nodes[1].upserts();
                assertThat(upserts).as("round trips to the database for 12,000 requests").isLessThan(1_000);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * A lease serves the requests after it: 64 requests of one key cost one upsert, also when the
     * first of them runs the node's purge of old buckets (which once dropped the very lease it was
     * taking, and could drop the lease another thread had just looked up). Another key's lease,
     * taken while the first is being spent, is kept as well. A lease lives a second, so a run
     * stalled for longer may take one more per second.
     */
    @Test
    void postgresLimiterSpendsEachLeaseBeforeAskingTheDatabaseAgain() {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "PostgreSQL run only");
        try (TestDatabase database = TestDatabase.create(); Database db = Database.open(database.url())) {
            // 6,400 an hour: leases of 64 tokens; the first take of the node purges
            PostgresRateLimiter limiter = new PostgresRateLimiter(db.writeDataSource(), 6_400, Duration.ofHours(1));
            long start = System.nanoTime();
            for (int i = 0; i < 64; i++) {
                assertThat(limiter.take("token:first").consumed()).isTrue();
                if (i == 0) {
                    assertThat(limiter.take("token:second").consumed()).isTrue();
                }
            }
            for (int i = 1; i < 64; i++) {
                assertThat(limiter.take("token:second").consumed()).isTrue();
            }
            long secondsElapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(limiter.upserts()).as("upserts for two keys' 64 requests each")
                    .isBetween(2L, 2 + 2 * secondsElapsed);
        }
    }

    /**
     * A large budget (10 million a minute) leases 1,024 tokens at a time, not 64: a busy client's
     * 1,024 requests cost one upsert (its other requests wait for each renewal's round trip).
     */
    @Test
    void postgresLimiterLeasesUpTo1024TokensOfALargeBudget() {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "PostgreSQL run only");
        try (TestDatabase database = TestDatabase.create(); Database db = Database.open(database.url())) {
            PostgresRateLimiter limiter = new PostgresRateLimiter(db.writeDataSource(), 10_000_000, Duration.ofMinutes(1));
            long start = System.nanoTime();
            for (int i = 0; i < 1_024; i++) {
                assertThat(limiter.take("token:busy").consumed()).isTrue();
            }
            long secondsElapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(limiter.upserts()).as("upserts for one key's 1,024 requests").isBetween(1L, 1 + secondsElapsed);
            assertThat(limiter.take("token:busy").consumed()).isTrue();
            assertThat(limiter.upserts()).as("the 1,025th request takes a new lease").isBetween(2L, 2 + secondsElapsed);
        }
    }

    /**
     * A budget of 5 a minute (a token every 12 s). The bucket keeps refilling while the test runs,
     * so each bound allows what the refill could have added since the first request; on a quick
     * run that is nothing and the bounds are exact.
     */
    private static void assertBudgetOfFive(RateLimiter limiter) {
        long twelveSeconds = TimeUnit.SECONDS.toNanos(12);
        long slack = TimeUnit.SECONDS.toNanos(1); // the limiter's clock (PostgreSQL's) against ours
        long start = System.nanoTime();
        for (int i = 1; i <= 5; i++) {
            RateLimiter.Probe probe = limiter.take("token:a");
            long elapsed = System.nanoTime() - start;
            long refilled = refilledSince(start, 5, Duration.ofMinutes(1));
            assertThat(probe.consumed()).as("request " + i).isTrue();
            assertThat(probe.remaining()).as("remaining after request " + i)
                    .isBetween(5L - i, Math.min(4, 5L - i + refilled));
            // 12 s per token spent until it is full again, less what refilled meanwhile
            assertThat(probe.nanosToReset()).as("reset after request " + i)
                    .isBetween(Math.max(0, twelveSeconds * i - elapsed - slack), twelveSeconds * i);
        }
        // refused once the budget and what refilled meanwhile are spent
        int extra = 0;
        RateLimiter.Probe refused;
        while ((refused = limiter.take("token:a")).consumed()) {
            extra++;
            assertThat(extra).as("requests let through beyond the budget of 5")
                    .isLessThanOrEqualTo((int) refilledSince(start, 5, Duration.ofMinutes(1)));
        }
        long elapsed = System.nanoTime() - start;
        assertThat(refused.remaining()).isZero();
        // less than one token left, of which at most the refill since the start
        assertThat(refused.nanosToRefill()).isBetween(Math.max(1, twelveSeconds - elapsed - slack), twelveSeconds);
        assertThat(refused.nanosToReset()).isBetween(5 * twelveSeconds - elapsed - slack, 5 * twelveSeconds);

        RateLimiter.Probe other = limiter.take("token:b");
        assertThat(other.consumed()).isTrue();
        assertThat(other.remaining()).isEqualTo(4);
    }

    /** Whole tokens a bucket of {@code capacity} per {@code window} can have refilled since {@code start}. */
    private static long refilledSince(long start, long capacity, Duration window) {
        long elapsed = System.nanoTime() - start;
        return (long) Math.floor(elapsed / (double) window.toNanos() * capacity);
    }
}
