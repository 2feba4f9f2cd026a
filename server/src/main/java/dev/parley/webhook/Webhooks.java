package dev.parley.webhook;

import dev.parley.Platform;

/**
 * Webhooks' entry point: the outbox rows written with each event ({@link WebhookOutbox}) and the
 * sender that delivers them ({@link WebhookSender}) through the node's one HTTP client
 * ({@link WebhookHttp}), woken by this node's commits and polling
 * for the rest. Hooks are added with {@code parley admin webhook} (a running server sees them at
 * its next event).
 */
public final class Webhooks {
    private Webhooks() {
    }

    public static void install(Platform platform) {
        WebhookSettings settings = platform.config().webhooks();
        platform.events().onAppend(new WebhookOutbox());
        if (settings.senders() == 0) {
            return;
        }
        WebhookHttp http = new WebhookHttp(new AddressPolicy(settings.allowPrivate()), settings);
        platform.onClose(http); // closed after the sender (newest first)
        WebhookSender sender = new WebhookSender(platform.database(), settings, http);
        platform.events().onApplied(position -> sender.wake());
        platform.onClose(sender);
        sender.start();
    }
}
