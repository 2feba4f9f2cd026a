package dev.parley.cli;

import dev.parley.webhook.WebhookSettings;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code parley serve} options for webhooks (hooks themselves are added with {@code parley admin webhook}). */
public final class WebhookOptions {
    @Option(names = "--webhook-allow-private", split = ",", defaultValue = "${env:PARLEY_WEBHOOK_ALLOW_PRIVATE}",
            description = "An address or CIDR block webhooks may be sent to although it is private, loopback or "
                    + "link-local (refused otherwise); repeat or separate with commas. Default: none.")
    List<String> allowPrivate = new ArrayList<>();

    @Option(names = "--webhook-retry-for", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_WEBHOOK_RETRY_FOR:-25h}",
            description = "How long a failing webhook delivery is retried (with exponential backoff, at most an hour "
                    + "apart) before it is marked failed; at least 1 day (default: ${DEFAULT-VALUE}).")
    Duration retryFor = WebhookSettings.DEFAULT_RETRY_FOR;

    WebhookSettings settings() {
        if (retryFor.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("--webhook-retry-for must be at least 1 day");
        }
        WebhookSettings d = WebhookSettings.defaults();
        return d.withAllowPrivate(allowPrivate == null ? List.of() : allowPrivate)
                .withRetries(d.retryBase(), d.retryMax(), retryFor);
    }
}
