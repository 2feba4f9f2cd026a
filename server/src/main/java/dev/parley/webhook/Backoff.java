package dev.parley.webhook;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before a delivery's next attempt: the base doubled with each failed attempt, capped,
 * with jitter (between 75% and 125% of it), so that many deliveries failing together do not
 * come back together.
 */
final class Backoff {
    private final long baseMillis;
    private final long maxMillis;

    Backoff(WebhookSettings settings) {
        this.baseMillis = Math.max(1, settings.retryBase().toMillis());
        this.maxMillis = Math.max(baseMillis, settings.retryMax().toMillis());
    }

    /** The wait after the {@code failures}-th failed attempt (1 for the first). */
    long delayMillis(int failures) {
        long delay = baseMillis;
        for (int i = 1; i < failures && delay < maxMillis; i++) {
            delay *= 2;
        }
        delay = Math.min(delay, maxMillis);
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Math.max(1, (long) (delay * jitter));
    }
}
