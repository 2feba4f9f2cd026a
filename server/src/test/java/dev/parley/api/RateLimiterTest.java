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
                assertThat(taken).as("requests let through out of 200 with a budget of 100").isEqualTo(100);
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
                // never more than the budget; less only by what a node leased and had not spent
                // when its lease expired (a lease unused for a second: a few at most, even on a
                // machine stalled for a moment, hence the loose lower bound)
                assertThat(taken).isLessThanOrEqualTo(10_000).isGreaterThanOrEqualTo(9_000);
                long upserts = nodes[0].upserts() + nodes[1].upserts();
                assertThat(upserts).as("round trips to the database for 12,000 requests").isLessThan(1_000);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void assertBudgetOfFive(RateLimiter limiter) {
        for (int i = 1; i <= 5; i++) {
            RateLimiter.Probe probe = limiter.take("token:a");
            assertThat(probe.consumed()).as("request " + i).isTrue();
            assertThat(probe.remaining()).as("remaining after request " + i).isEqualTo(5 - i);
            // 12 s per token: full again after 12 s per token spent
            assertThat(probe.nanosToReset()).isBetween(TimeUnit.SECONDS.toNanos(12L * i - 1), TimeUnit.SECONDS.toNanos(12L * i));
        }
        for (int i = 0; i < 2; i++) {
            RateLimiter.Probe refused = limiter.take("token:a");
            assertThat(refused.consumed()).isFalse();
            assertThat(refused.remaining()).isZero();
            assertThat(refused.nanosToRefill()).isBetween(TimeUnit.SECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(12));
            assertThat(refused.nanosToReset()).isBetween(TimeUnit.SECONDS.toNanos(58), TimeUnit.SECONDS.toNanos(60));
        }
        RateLimiter.Probe other = limiter.take("token:b");
        assertThat(other.consumed()).isTrue();
        assertThat(other.remaining()).isEqualTo(4);
    }
}
