package dev.parley.webhook;

import java.time.Duration;
import java.util.List;

/**
 * How webhooks are delivered.
 *
 * @param allowPrivate   addresses or CIDR blocks a webhook may reach although they are private,
 *                       loopback or link-local ({@code --webhook-allow-private}); none by default
 * @param retryBase      the wait after the first failed attempt; it doubles with each failure (with jitter)
 * @param retryMax       the longest wait between two attempts
 * @param retryFor       how long after its event a delivery is still tried before it is marked failed
 * @param poll           how often the sender looks for due deliveries besides being woken by commits
 * @param connectTimeout connecting to the receiver
 * @param readTimeout    waiting for the receiver's answer
 * @param senders        how many deliveries this node sends at once; 0: it sends none (the append hook
 *                       still queues them, for other nodes)
 */
public record WebhookSettings(List<String> allowPrivate, Duration retryBase, Duration retryMax, Duration retryFor,
                              Duration poll, Duration connectTimeout, Duration readTimeout, int senders) {

    public static final Duration DEFAULT_RETRY_FOR = Duration.ofHours(25);

    public WebhookSettings {
        allowPrivate = List.copyOf(allowPrivate);
        if (senders < 0) {
            throw new IllegalArgumentException("webhook senders must be at least 0");
        }
    }

    public static WebhookSettings defaults() {
        return new WebhookSettings(List.of(), Duration.ofSeconds(10), Duration.ofHours(1), DEFAULT_RETRY_FOR,
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), 4);
    }

    public WebhookSettings withAllowPrivate(List<String> value) {
        return new WebhookSettings(value, retryBase, retryMax, retryFor, poll, connectTimeout, readTimeout, senders);
    }

    /** Faster retries and polls (tests). */
    public WebhookSettings withRetries(Duration base, Duration max, Duration period) {
        return new WebhookSettings(allowPrivate, base, max, period, poll, connectTimeout, readTimeout, senders);
    }

    public WebhookSettings withPoll(Duration value) {
        return new WebhookSettings(allowPrivate, retryBase, retryMax, retryFor, value, connectTimeout, readTimeout, senders);
    }

    public WebhookSettings withSenders(int value) {
        return new WebhookSettings(allowPrivate, retryBase, retryMax, retryFor, poll, connectTimeout, readTimeout, value);
    }

    public WebhookSettings withTimeouts(Duration connect, Duration read) {
        return new WebhookSettings(allowPrivate, retryBase, retryMax, retryFor, poll, connect, read, senders);
    }
}
