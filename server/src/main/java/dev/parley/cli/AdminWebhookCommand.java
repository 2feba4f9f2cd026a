package dev.parley.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import dev.parley.webhook.AddressPolicy;
import dev.parley.webhook.WebhookEvents;
import dev.parley.webhook.WebhookRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code parley admin webhook add|list|remove|deliveries|redeliver}. */
@Command(name = "webhook", mixinStandardHelpOptions = true,
        description = "Manage webhooks: HTTP endpoints that receive signed events (docs/OPERATIONS.md, Webhooks).")
public final class AdminWebhookCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a webhook; prints its id, then its signing secret (whsec_…) on the next line.")
    int add(@Mixin StoreOptions store, @Mixin JsonOption out,
            @Option(names = "--url", required = true, paramLabel = "URL", description = "The http or https URL events are POSTed to.") String url,
            @Option(names = "--customer", paramLabel = "CUSTOMER_ID", description = "Only events of conversations this customer's side sees "
                    + "(never internal notes or assignments). Default: every event (a global hook).") String customerId,
            @Option(names = "--events", split = ",", paramLabel = "EVENT", description = "Only these events (comma-separated): "
                    + "conversation.created, message.created, conversation.status_changed, conversation.assigned, "
                    + "file.attached. Default: all.") List<String> events,
            @Option(names = "--webhook-allow-private", split = ",", paramLabel = "ADDRESS", defaultValue = "${env:PARLEY_WEBHOOK_ALLOW_PRIVATE}",
                    description = "Addresses or CIDR blocks allowed although private (as for parley serve).")
            List<String> allowPrivate) {
        String stored = WebhookEvents.parse(events);
        new AddressPolicy(allowPrivate == null ? List.of() : allowPrivate).resolve(url);
        try (Database db = store.open()) {
            WebhookRepository.Created created = db.write(h -> {
                if (customerId != null) {
                    AdminChecks.requireCustomer(h, customerId);
                }
                return WebhookRepository.add(h, url, customerId, stored);
            });
            if (out.on()) {
                JsonOption.print(JsonOption.object().put("id", created.hookId()).put("secret", created.secret())
                        .put("url", url).put("customerId", customerId));
            } else {
                System.out.println(created.hookId());
                System.out.println(created.secret());
            }
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List webhooks: id, URL, customer, events, created.")
    int list(@Mixin StoreOptions store, @Option(names = "--json", description = "As a JSON array.") boolean json) {
        List<WebhookRepository.Hook> hooks;
        try (Database db = store.open()) {
            hooks = db.read(WebhookRepository::list);
        }
        if (json) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (WebhookRepository.Hook hook : hooks) {
                ObjectNode o = out.addObject();
                o.put("id", hook.hookId());
                o.put("url", hook.url());
                o.put("customerId", hook.customerId());
                hook.events().forEach(o.putArray("events")::add);
                o.put("createdAt", Clock.iso(hook.createdAt()));
            }
            System.out.println(Json.string(out));
            return 0;
        }
        for (WebhookRepository.Hook hook : hooks) {
            System.out.printf("%s  %s  %s  %s  %s%n", hook.hookId(), hook.url(),
                    hook.customerId() == null ? "(global)" : hook.customerId(),
                    hook.events().size() == WebhookEvents.ALL.size() ? "all" : String.join(",", hook.events()),
                    Clock.iso(hook.createdAt()));
        }
        return 0;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a webhook and its deliveries (those not sent yet are dropped).")
    int remove(@Mixin StoreOptions store, @Mixin JsonOption out,
               @Option(names = "--id", required = true, paramLabel = "WEBHOOK_ID", description = "The webhook's id (webhook list).") String hookId) {
        try (Database db = store.open()) {
            if (!db.write(h -> WebhookRepository.remove(h, hookId))) {
                System.err.println("parley: no webhook " + hookId);
                return 1;
            }
        }
        if (out.on()) {
            JsonOption.print(JsonOption.object().put("id", hookId).put("removed", true));
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "deliveries", mixinStandardHelpOptions = true,
            description = "A webhook's recent deliveries, newest first: delivery id, event, status, attempts, "
                    + "last HTTP status or error, next attempt.")
    int deliveries(@Mixin StoreOptions store,
                   @Option(names = "--id", required = true, paramLabel = "WEBHOOK_ID", description = "The webhook's id (webhook list).") String hookId,
                   @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many (default: ${DEFAULT-VALUE}).") int limit,
                   @Option(names = "--json", description = "As a JSON array.") boolean json) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("--limit must be between 1 and 10000");
        }
        List<WebhookRepository.Delivery> deliveries;
        try (Database db = store.open()) {
            deliveries = db.read(h -> {
                if (!WebhookRepository.exists(h, hookId)) {
                    throw new IllegalArgumentException("no webhook " + hookId);
                }
                return WebhookRepository.deliveries(h, hookId, limit);
            });
        }
        if (json) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            for (WebhookRepository.Delivery d : deliveries) {
                ObjectNode o = out.addObject();
                o.put("deliveryId", d.deliveryId());
                o.put("event", d.eventType());
                o.put("conversationId", d.conversationId());
                o.put("messageId", d.messageId());
                o.put("fileId", d.fileId());
                o.put("status", d.status());
                o.put("attempts", d.attempts());
                o.put("lastHttpStatus", d.lastStatus());
                o.put("lastError", d.lastError());
                o.put("lastAttemptAt", d.lastAttemptAt() == null ? null : Clock.iso(d.lastAttemptAt()));
                o.put("nextAttemptAt", d.nextAttemptAt() == null ? null : Clock.iso(d.nextAttemptAt()));
                o.put("eventAt", Clock.iso(d.eventAt()));
            }
            System.out.println(Json.string(out));
            return 0;
        }
        for (WebhookRepository.Delivery d : deliveries) {
            String error = d.lastError() == null ? "" : d.lastError().replaceAll("\\s+", " ");
            if (error.length() > 80) {
                error = error.substring(0, 80) + "…";
            }
            System.out.printf("%d  %s  %s  attempts=%d  http=%s  next=%s  %s%n", d.deliveryId(), d.eventType(), d.status(),
                    d.attempts(), d.lastStatus() == null ? "-" : d.lastStatus(),
                    d.nextAttemptAt() == null ? "-" : Clock.iso(d.nextAttemptAt()), error);
        }
        return 0;
    }

    @Command(name = "redeliver", mixinStandardHelpOptions = true,
            description = "Send a delivered or failed delivery again, now (same body and webhook-id; retried as a new one).")
    int redeliver(@Mixin StoreOptions store, @Mixin JsonOption out,
                  @Option(names = "--delivery", required = true, paramLabel = "DELIVERY_ID", description = "The delivery's id (webhook deliveries).") long deliveryId) {
        try (Database db = store.open()) {
            db.write(h -> {
                if (WebhookRepository.hookOf(h, deliveryId).isEmpty()) {
                    throw new IllegalArgumentException("no webhook delivery " + deliveryId);
                }
                if (!WebhookRepository.redeliver(h, deliveryId)) {
                    throw new IllegalArgumentException("delivery " + deliveryId + " is still pending: it is retried by itself");
                }
                return null;
            });
        }
        if (out.on()) {
            JsonOption.print(JsonOption.object().put("deliveryId", deliveryId).put("status", "pending"));
        }
        RunningServer.noteChange(store);
        return 0;
    }
}
