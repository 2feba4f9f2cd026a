package dev.parley.api;

import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate-limit headers tell the truth together, on both engines (the in-memory limiter on
 * SQLite, the shared one in PostgreSQL, there also its lease path and its local refusals):
 * {@code X-Ratelimit-Reset} is the seconds until the budget is full again, {@code Retry-After}
 * the seconds until the next request is let through, and waiting that long is enough. With a
 * budget of N per window W the bucket gains a token every W/N, so on an empty bucket
 * Reset = Retry-After + (N − 1)·W/N, whatever time has passed; and with R requests left,
 * Reset lies in ((N − R − 1)·W/N, (N − R)·W/N].
 */
class RateLimitHeadersTest {

    @Test
    void tokenBudgetHeadersAgreeAndRetryAfterIsEnough() throws Exception {
        // 3 per 6 s: a token every 2 s
        try (TestServer server = TestServer.start(b -> b.rateLimit(3, Duration.ofSeconds(6)))) {
            ApiClient api = server.client();
            String token = server.user("customer-owner").token();
            for (int left = 2; left >= 0; left--) {
                ApiResponse ok = api.listCategories(token).assertStatus(200);
                assertThat(number(ok, "X-Ratelimit-Limit")).isEqualTo(3);
                assertThat(number(ok, "X-Ratelimit-Remaining")).isLessThanOrEqualTo(left);
                long remaining = number(ok, "X-Ratelimit-Remaining");
                assertThat(number(ok, "X-Ratelimit-Reset")).as("Reset with %d left", remaining)
                        .isGreaterThan((3 - remaining - 1) * 2).isLessThanOrEqualTo((3 - remaining) * 2);
            }
            ApiResponse refused = api.listCategories(token).assertError(429, "RateLimitError");
            long retryAfter = assertRefusalAgrees(refused, 3, 2);
            Thread.sleep(retryAfter * 1000);
            api.listCategories(token).assertStatus(200);
        }
    }

    /** 200 a window: on PostgreSQL a node leases tokens and refuses locally once the shared bucket is empty. */
    @Test
    void leasedBudgetRefusalsAgreeToo() throws Exception {
        // 200 per 400 s: a token every 2 s, leases of 2 on PostgreSQL
        try (TestServer server = TestServer.start(b -> b.rateLimit(200, Duration.ofSeconds(400)))) {
            ApiClient api = server.client();
            String token = server.user("customer-owner").token();
            long start = System.nanoTime();
            ApiResponse response = api.listCategories(token);
            int sent = 1;
            while (response.status() == 200 && sent < 400) {
                response = api.listCategories(token);
                sent++;
            }
            response.assertError(429, "RateLimitError");
            // the budget, plus what refilled meanwhile (a token every 2 s), less a lease that expired unspent
            long refilled = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) / 2 + 1;
            assertThat(sent).as("requests until the first 429").isBetween(195, 201 + (int) refilled);
            assertRefusalAgrees(response, 200, 2);
            // refused again at once (PostgreSQL: without asking the database)
            long retryAfter = assertRefusalAgrees(api.listCategories(token).assertError(429, "RateLimitError"), 200, 2);
            Thread.sleep(retryAfter * 1000);
            api.listCategories(token).assertStatus(200);
        }
    }

    @Test
    void authFailureBudgetHeadersAgree() throws Exception {
        // 3 failed authentications per 6 s: one more every 2 s
        try (TestServer server = TestServer.start(b -> b.rateLimit(1_000, Duration.ofSeconds(6)).authFailureLimit(3))) {
            ApiClient api = server.client();
            for (int i = 0; i < 3; i++) {
                api.listCategories("not-a-token-" + i).assertError(401, "Unauthorized");
            }
            ApiResponse refused = api.listCategories("not-a-token-x").assertError(429, "RateLimitError");
            long retryAfter = assertRefusalAgrees(refused, 3, 2);
            Thread.sleep(retryAfter * 1000);
            // checked again (and refused as unknown), no longer blocked
            api.listCategories("not-a-token-y").assertError(401, "Unauthorized");
        }
    }

    /** Reset = Retry-After + (limit − 1) · secondsPerToken (±1 for rounding); returns Retry-After. */
    private static long assertRefusalAgrees(ApiResponse refused, long limit, long secondsPerToken) {
        long retryAfter = number(refused, "Retry-After");
        long reset = number(refused, "X-Ratelimit-Reset");
        assertThat(number(refused, "X-Ratelimit-Limit")).isEqualTo(limit);
        assertThat(number(refused, "X-Ratelimit-Remaining")).isZero();
        assertThat(retryAfter).as("Retry-After").isBetween(1L, secondsPerToken);
        assertThat(reset - retryAfter).as("X-Ratelimit-Reset %d − Retry-After %d", reset, retryAfter)
                .isBetween((limit - 1) * secondsPerToken - 1, (limit - 1) * secondsPerToken + 1);
        return retryAfter;
    }

    private static long number(ApiResponse r, String header) {
        String value = r.header(header);
        assertThat(value).as("%s of %s", header, r.request()).isNotNull();
        return Long.parseLong(value);
    }
}
