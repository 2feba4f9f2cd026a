package dev.parley.client.internal;

import dev.parley.client.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    @Test
    void secondsOrAnHttpDate() {
        assertThat(RetryAfter.parse("3")).hasValue(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse(" 0 ")).hasValue(Duration.ZERO);
        assertThat(RetryAfter.parse("-1")).isEmpty();
        assertThat(RetryAfter.parse("soon")).isEmpty();

        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
        assertThat(RetryAfter.parse(inTenSeconds)).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10)));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
        assertThat(RetryAfter.parse(past)).hasValue(Duration.ZERO);
    }

    @Test
    void backoffDoublesWithJitterAndIsCapped() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofMinutes(1));
        for (int i = 0; i < 50; i++) {
            assertThat(policy.backoff(1).toMillis()).isBetween(50L, 100L);
            assertThat(policy.backoff(3).toMillis()).isBetween(200L, 400L);
            assertThat(policy.backoff(9).toMillis()).isBetween(500L, 1000L);
        }
        assertThat(policy.allowsAnotherAfter(9)).isTrue();
        assertThat(policy.allowsAnotherAfter(10)).isFalse();
        assertThat(RetryPolicy.none().allowsAnotherAfter(1)).isFalse();
    }
}
