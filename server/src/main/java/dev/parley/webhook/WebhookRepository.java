package dev.parley.webhook;

import dev.parley.storage.Clock;
import dev.parley.storage.Ids;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/** SQL of the {@code webhooks} table and what the admin commands read of the deliveries. */
public final class WebhookRepository {
    private WebhookRepository() {
    }

    /** A hook as listed (the secret is shown only when it is made). */
    public record Hook(String hookId, String url, String customerId, List<String> events, long createdAt) {
    }

    /** A new hook with its secret. */
    public record Created(String hookId, String secret) {
    }

    /** One delivery as {@code parley admin webhook deliveries} shows it. */
    public record Delivery(long deliveryId, String hookId, String eventType, String conversationId, String messageId,
                           String fileId, String status, int attempts, Integer lastStatus, String lastError,
                           Long lastAttemptAt, Long nextAttemptAt, long eventAt) {
    }

    /** @param events the stored form of {@link WebhookEvents#parse} (null: all) */
    public static Created add(Handle h, String url, String customerId, String events) {
        String id = Ids.newId();
        String secret = WebhookSignature.newSecret();
        h.createUpdate("""
                        INSERT INTO webhooks (hook_id, url, customer_id, events, secret, created_at)
                        VALUES (:id, :url, :customer, :events, :secret, :now)""")
                .bind("id", id).bind("url", url).bind("customer", customerId).bind("events", events)
                .bind("secret", secret).bind("now", Clock.nowMillis()).execute();
        return new Created(id, secret);
    }

    public static List<Hook> list(Handle h) {
        return h.createQuery("SELECT hook_id, url, customer_id, events, created_at FROM webhooks ORDER BY created_at, hook_id")
                .map((rs, ctx) -> new Hook(rs.getString("hook_id"), rs.getString("url"), rs.getString("customer_id"),
                        WebhookEvents.names(rs.getString("events")), rs.getLong("created_at")))
                .list();
    }

    public static boolean exists(Handle h, String hookId) {
        return h.createQuery("SELECT 1 FROM webhooks WHERE hook_id = :id").bind("id", hookId)
                .mapTo(Integer.class).findOne().isPresent();
    }

    /** Removes the hook and its deliveries (those not sent yet are not sent); false when there is no such hook. */
    public static boolean remove(Handle h, String hookId) {
        h.createUpdate("DELETE FROM webhook_deliveries WHERE hook_id = :id").bind("id", hookId).execute();
        return h.createUpdate("DELETE FROM webhooks WHERE hook_id = :id").bind("id", hookId).execute() > 0;
    }

    /** The hook's newest deliveries first. */
    public static List<Delivery> deliveries(Handle h, String hookId, int limit) {
        return h.createQuery("""
                        SELECT delivery_id, hook_id, event_type, conversation_id, message_id, file_id, status, attempts,
                               last_status, last_error, last_attempt_at, next_attempt_at, event_at
                        FROM webhook_deliveries WHERE hook_id = :id ORDER BY delivery_id DESC LIMIT :limit""")
                .bind("id", hookId).bind("limit", limit)
                .map((rs, ctx) -> new Delivery(rs.getLong("delivery_id"), rs.getString("hook_id"),
                        rs.getString("event_type"), rs.getString("conversation_id"), rs.getString("message_id"),
                        rs.getString("file_id"), rs.getString("status"), rs.getInt("attempts"),
                        nullableInt(rs, "last_status"), rs.getString("last_error"),
                        nullableLong(rs, "last_attempt_at"),
                        "pending".equals(rs.getString("status")) ? rs.getLong("next_attempt_at") : null,
                        rs.getLong("event_at")))
                .list();
    }

    private static Integer nullableInt(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long nullableLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /**
     * Queues a delivery again, now, with the same body and {@code webhook-id} (the receiver may
     * recognise it); it is retried for the retry period from now. False when there is none or it is
     * still pending (a sender may be sending it).
     */
    public static boolean redeliver(Handle h, long deliveryId) {
        long now = Clock.nowMillis();
        return h.createUpdate("""
                        UPDATE webhook_deliveries SET status = 'pending', queued_at = :now, next_attempt_at = :now
                        WHERE delivery_id = :id AND status <> 'pending'""")
                .bind("id", deliveryId).bind("now", now).execute() > 0;
    }

    public static Optional<String> hookOf(Handle h, long deliveryId) {
        return h.createQuery("SELECT hook_id FROM webhook_deliveries WHERE delivery_id = :id").bind("id", deliveryId)
                .mapTo(String.class).findOne();
    }
}
