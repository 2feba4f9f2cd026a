package dev.parley.api;

import dev.parley.storage.Database;
import dev.parley.testing.TestDatabase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RateLimiter#peekEmpty}, which lets {@link AuthFailureLimit} refuse an address before a
 * credential is checked: never takes a token, says "empty" only for a bucket known to be empty
 * (never for one that may hold a token), on both limiters; in PostgreSQL a node learns it from
 * a take of its own, so a second node refuses after one refused take.
 */
class RateLimiterPeekTest {

    @Test
    void memoryLimiterPeeksWithoutTaking() {
        assertPeeks(new MemoryRateLimiter(3, Duration.ofMinutes(1)));
    }

    @Test
    void postgresLimiterPeeksWithoutTakingAndEachNodeLearnsOfAnEmptyBucket() {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "PostgreSQL run only");
        try (TestDatabase database = TestDatabase.create(); Database db = Database.open(database.url())) {
            assertPeeks(new PostgresRateLimiter(db.writeDataSource(), 3, Duration.ofMinutes(1)));

            RateLimiter a = new PostgresRateLimiter(db.writeDataSource(), 3, Duration.ofMinutes(1));
            RateLimiter b = new PostgresRateLimiter(db.writeDataSource(), 3, Duration.ofMinutes(1));
            // each node's first take also purges old rows and idle leases (once per window): done
            // here with another key, so that what follows sees one node's steady state
            a.take("key:first");
            b.take("key:first");
            for (int i = 0; i < 3; i++) {
                assertThat(a.take("auth-failures:shared").consumed()).isTrue();
            }
            assertThat(a.peekEmpty("auth-failures:shared")).isNotNull();
            assertThat(b.peekEmpty("auth-failures:shared")).as("b has not seen the bucket yet").isNull();
            assertThat(b.take("auth-failures:shared").consumed()).as("the shared budget is spent").isFalse();
            assertThat(b.peekEmpty("auth-failures:shared")).isNotNull();
        }
    }

    private static void assertPeeks(RateLimiter limiter) {
        assertThat(limiter.peekEmpty("key:a")).as("never seen").isNull();
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.peekEmpty("key:a")).isNull(); // peeking takes nothing
        }
        assertThat(limiter.take("key:a").remaining()).isEqualTo(2);
        assertThat(limiter.peekEmpty("key:a")).isNull();
        assertThat(limiter.take("key:a").remaining()).isEqualTo(1);
        assertThat(limiter.take("key:a").remaining()).isZero();
        RateLimiter.Probe empty = limiter.peekEmpty("key:a");
        assertThat(empty).isNotNull();
        assertThat(empty.consumed()).isFalse();
        assertThat(empty.remaining()).isZero();
        // 20 s per token: the next one is due within 20 s, the bucket full within a minute (and not
        // much sooner: the slack is for a machine that stalls between the calls)
        assertThat(empty.nanosToRefill()).isBetween(1L, TimeUnit.SECONDS.toNanos(20));
        assertThat(empty.nanosToReset()).isBetween(TimeUnit.SECONDS.toNanos(40), TimeUnit.SECONDS.toNanos(60));
        assertThat(limiter.peekEmpty("key:b")).as("another key").isNull();
        assertThat(limiter.take("key:a").consumed()).isFalse();
    }
}
