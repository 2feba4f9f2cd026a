package dev.parley.webhook;

import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends due deliveries on threads of its own: one loop claims (as many as there are free
 * senders) and hands each to a sender thread. The loop is woken after each commit this node
 * learns of ({@link Webhooks} wires it to the event log) and otherwise looks every
 * {@link WebhookSettings#poll()} (retries, other nodes' rows); it only claims, in a write
 * transaction, when a read found something due.
 */
final class WebhookSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    private final DeliveryQueue queue;
    private final WebhookHttp http;
    private final WebhookSettings settings;
    private final Semaphore free;
    private final ExecutorService senders;
    private final Thread loop;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean closed;

    /** @param http the node's webhook client (closed by its owner after this sender) */
    WebhookSender(Database database, WebhookSettings settings, WebhookHttp http) {
        this.settings = settings;
        this.http = http;
        this.queue = new DeliveryQueue(database, settings, new Backoff(settings));
        this.free = new Semaphore(settings.senders());
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(settings.senders(), r -> {
            Thread t = new Thread(r, "parley-webhook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.loop = new Thread(this::run, "parley-webhooks");
        loop.setDaemon(true);
    }

    void start() {
        loop.start();
    }

    /** Something may be due now (a commit): the loop looks at once. Cheap; called on request threads. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (!closed) {
            long sleep = settings.poll().toMillis();
            try {
                long now = Clock.nowMillis();
                Long due = queue.nextDue();
                if (due != null && due <= now && free.availablePermits() > 0) {
                    List<DeliveryQueue.Claimed> claimed = queue.claim(now, free.availablePermits());
                    handOver(claimed);
                    sleep = claimed.isEmpty() ? sleep : 0;
                } else if (due != null && due > now) {
                    sleep = Math.min(sleep, due - now);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Webhook deliveries could not be read or claimed: {}", e.toString());
            }
            synchronized (signal) {
                if (!woken && sleep > 0 && !closed) {
                    try {
                        signal.wait(sleep);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    /**
     * Gives each claimed delivery to a sender thread; those that cannot be (the node is
     * stopping) are released at once rather than left leased until their lease ends.
     */
    private void handOver(List<DeliveryQueue.Claimed> claimed) throws InterruptedException {
        int handed = 0;
        try {
            for (DeliveryQueue.Claimed c : claimed) {
                free.acquire();
                try {
                    senders.execute(() -> {
                        try {
                            send(c);
                        } finally {
                            free.release();
                            wake();
                        }
                    });
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    free.release();
                    throw e;
                }
                handed++;
            }
        } finally {
            for (DeliveryQueue.Claimed c : claimed.subList(handed, claimed.size())) {
                try {
                    queue.release(c);
                } catch (RuntimeException e) {
                    LOG.warn("Webhook delivery {} stays leased until its lease ends: {}", c.deliveryId(), e.toString());
                }
            }
        }
    }

    /**
     * One attempt: the signed POST (its host resolved and checked again when the client
     * connects), the result recorded.
     */
    void send(DeliveryQueue.Claimed c) {
        try {
            byte[] body = c.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long timestamp = Clock.nowMillis() / 1000;
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("webhook-id", c.webhookId());
            headers.put("webhook-timestamp", Long.toString(timestamp));
            headers.put("webhook-signature", WebhookSignature.sign(c.secret(), c.webhookId(), timestamp, body));
            WebhookHttp.Answer answer;
            try {
                answer = http.post(c.url(), headers, body);
            } catch (AddressPolicy.RefusedUrl | PolicyDnsResolver.Refused e) {
                queue.failed(c, Clock.nowMillis(), null, "not sent: " + e.getMessage());
                return;
            } catch (IOException e) {
                queue.failed(c, Clock.nowMillis(), null, e.getClass().getSimpleName() + ": " + e.getMessage());
                return;
            }
            int status = answer.status();
            if (status >= 200 && status < 300) {
                queue.delivered(c, Clock.nowMillis(), status, answer.body());
            } else if (status >= 300 && status < 400) {
                queue.failed(c, Clock.nowMillis(), status, "redirect not followed (webhooks are never redirected): "
                        + answer.body());
            } else {
                queue.failed(c, Clock.nowMillis(), status, answer.body());
            }
        } catch (RuntimeException e) {
            LOG.warn("Webhook delivery {} failed unexpectedly: {}", c.deliveryId(), e.toString());
            try {
                queue.failed(c, Clock.nowMillis(), null, e.toString());
            } catch (RuntimeException again) {
                LOG.warn("Webhook delivery {}: the failure could not be recorded ({}); it is retried when its lease ends",
                        c.deliveryId(), again.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        wake();
        // not interrupted: a claim in progress is handed over (or released) rather than left leased;
        // sends in flight may finish and record their result (an interrupt would not stop a socket's
        // read anyway); one still running after that is sent again when its lease ends
        try {
            loop.join(5_000);
            senders.shutdown();
            if (!senders.awaitTermination(5, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
