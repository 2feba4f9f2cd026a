package dev.parley.webhook;

import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import dev.parley.storage.Engine;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;

/**
 * The outbox as the sender sees it: claiming due deliveries and recording each attempt's result.
 *
 * <p>A delivery is due when it is pending, its time has come, and no earlier delivery of the
 * same hook and conversation is still pending (per-conversation order: a later event waits
 * until the earlier one succeeded or was given up). Claiming takes a lease: the row's next
 * attempt moves past the time one send can take, so no other sender (no other node: on
 * PostgreSQL the rows are claimed {@code FOR UPDATE SKIP LOCKED}) takes it meanwhile, and a
 * node that dies while sending leaves it to be tried again when the lease ends.
 */
final class DeliveryQueue {
    /**
     * A pending row {@code d} with no earlier pending row of the same hook and conversation: the
     * only one of its conversation that may be sent (the others are held back behind it).
     */
    private static final String FIRST_PENDING_OF_ITS_CONVERSATION = """
            d.status = 'pending'
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                            WHERE e.status = 'pending' AND e.hook_id = d.hook_id
                              AND e.conversation_id = d.conversation_id
                              AND e.delivery_id < d.delivery_id)""";

    private final Database database;
    private final WebhookSettings settings;
    private final Backoff backoff;

    /** A claimed delivery, with everything needed to send it. */
    record Claimed(long deliveryId, String hookId, String url, String secret, String body, int attempts,
                   long queuedAt) {
        /** The {@code webhook-id}: the same for every attempt and redelivery of this delivery. */
        String webhookId() {
            return "msg_" + hookId.replace("-", "") + "_" + deliveryId;
        }
    }

    DeliveryQueue(Database database, WebhookSettings settings, Backoff backoff) {
        this.database = database;
        this.settings = settings;
        this.backoff = backoff;
    }

    /** How long a claimed delivery is left to its sender: more than one send can take. */
    long leaseMillis() {
        return Math.max(60_000, 2 * (settings.connectTimeout().toMillis() + settings.readTimeout().toMillis()));
    }

    /** Claims up to {@code limit} due deliveries, rendering the payload of those never attempted. */
    List<Claimed> claim(long now, int limit) {
        return database.write(h -> {
            boolean postgres = Engine.of(h) == Engine.POSTGRESQL;
            List<Long> ids = h.createQuery("SELECT d.delivery_id FROM webhook_deliveries d WHERE "
                            + FIRST_PENDING_OF_ITS_CONVERSATION + " AND d.next_attempt_at <= :now"
                            + " ORDER BY d.next_attempt_at, d.delivery_id LIMIT :limit"
                            + (postgres ? " FOR UPDATE OF d SKIP LOCKED" : ""))
                    .bind("now", now).bind("limit", limit).mapTo(Long.class).list();
            List<Claimed> claimed = new ArrayList<>(ids.size());
            for (long id : ids) {
                claimed.add(take(h, id, now));
            }
            return claimed;
        });
    }

    private Claimed take(Handle h, long id, long now) {
        h.createUpdate("UPDATE webhook_deliveries SET next_attempt_at = :lease WHERE delivery_id = :id")
                .bind("lease", now + leaseMillis()).bind("id", id).execute();
        record Row(String hookId, String url, String secret, String body, int attempts, long queuedAt,
                   WebhookPayload.Subject subject) {
        }
        Row row = h.createQuery("""
                        SELECT d.hook_id, w.url, w.secret, d.body, d.attempts, d.queued_at,
                               d.event_type, d.conversation_id, d.message_id, d.file_id, d.event_at
                        FROM webhook_deliveries d JOIN webhooks w ON w.hook_id = d.hook_id
                        WHERE d.delivery_id = :id""")
                .bind("id", id)
                .map((rs, ctx) -> new Row(rs.getString("hook_id"), rs.getString("url"), rs.getString("secret"),
                        rs.getString("body"), rs.getInt("attempts"), rs.getLong("queued_at"),
                        new WebhookPayload.Subject(rs.getString("event_type"), rs.getString("conversation_id"),
                                rs.getString("message_id"), rs.getString("file_id"), rs.getLong("event_at"))))
                .one();
        String body = row.body();
        if (body == null) {
            body = WebhookPayload.render(h, row.subject());
            h.createUpdate("UPDATE webhook_deliveries SET body = :body WHERE delivery_id = :id")
                    .bind("body", body).bind("id", id).execute();
        }
        return new Claimed(id, row.hookId(), row.url(), row.secret(), body, row.attempts(), row.queuedAt());
    }

    /** A claimed delivery that was not sent after all: due again now. */
    void release(Claimed c) {
        database.write(h -> h.createUpdate(
                        "UPDATE webhook_deliveries SET next_attempt_at = :now WHERE delivery_id = :id AND status = 'pending'")
                .bind("now", Clock.nowMillis()).bind("id", c.deliveryId()).execute());
    }

    /** A 2xx answer: delivered. */
    void delivered(Claimed c, long now, int status, String answer) {
        database.write(h -> h.createUpdate("""
                        UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = :now,
                               last_status = :status, last_error = :answer, next_attempt_at = :now
                        WHERE delivery_id = :id AND status = 'pending'""")
                .bind("now", now).bind("status", status).bind("answer", bounded(answer)).bind("id", c.deliveryId())
                .execute());
    }

    /**
     * A failed attempt (another status, a refused address, a timeout): tried again after the
     * backoff, or marked failed once the retry period since it was queued has passed. The last
     * attempt is made at the period's end, so a delivery is tried for the whole period.
     */
    void failed(Claimed c, long now, Integer status, String error) {
        long until = c.queuedAt() + settings.retryFor().toMillis();
        boolean giveUp = now >= until;
        long next = giveUp ? now : Math.min(now + backoff.delayMillis(c.attempts() + 1), until);
        database.write(h -> h.createUpdate("""
                        UPDATE webhook_deliveries SET status = :state, attempts = attempts + 1, last_attempt_at = :now,
                               last_status = :status, last_error = :error, next_attempt_at = :next
                        WHERE delivery_id = :id AND status = 'pending'""")
                .bind("state", giveUp ? "failed" : "pending").bind("now", now)
                .bind("status", status).bind("error", bounded(error)).bind("next", next).bind("id", c.deliveryId())
                .execute());
    }

    /**
     * The earliest time a delivery becomes claimable (for the sender's sleep), or null. Rows held
     * back behind an earlier pending one of their conversation do not count: a queue whose only
     * due rows wait for a failed one's retry reads that retry's time, and claims (writes) nothing
     * until then.
     */
    Long nextDue() {
        return database.read(h -> h.createQuery("SELECT MIN(d.next_attempt_at) FROM webhook_deliveries d WHERE "
                        + FIRST_PENDING_OF_ITS_CONVERSATION)
                .mapTo(Long.class).findOne().orElse(null));
    }

    /** At most {@link WebhookHttp#KEPT_BYTES} characters of the answer or error. */
    static String bounded(String text) {
        if (text == null) {
            return null;
        }
        return text.length() > WebhookHttp.KEPT_BYTES ? text.substring(0, WebhookHttp.KEPT_BYTES) : text;
    }
}
