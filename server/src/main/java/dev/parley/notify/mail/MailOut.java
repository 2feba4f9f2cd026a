package dev.parley.notify.mail;

import dev.parley.ParleyConfig;
import dev.parley.Platform;
import dev.parley.file.FileService;
import dev.parley.storage.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Notification mails over SMTP, the feature's entry point: the event log's append hook (rows in
 * the event's own transaction), a dispatcher thread that expands them into one outbox row per
 * recipient, a sender thread that sends due rows, the unsubscribe links' routes, and the desk's
 * settings page ({@code /account/notifications}, there with or without SMTP). Without
 * {@code --smtp-url} nothing is installed (one line in the start log says so).
 */
public final class MailOut {
    private static final Logger LOG = LoggerFactory.getLogger(MailOut.class);
    /** The longest a thread waits before it looks for work again (other nodes' rows, retries due). */
    private static final long IDLE_MILLIS = 1_000;
    /** How long sent, dropped and failed mails stay in the outbox (to look into what was sent). */
    static final java.time.Duration KEEP_MAILS = java.time.Duration.ofDays(30);

    private final Dispatcher dispatcher;
    private final MailSender sender;
    private final Semaphore dispatchWake = new Semaphore(0);
    private final Semaphore sendWake = new Semaphore(0);
    private volatile boolean running = true;
    private final Thread dispatchThread;
    private final Thread sendThread;

    private MailOut(Dispatcher dispatcher, MailSender sender) {
        this.dispatcher = dispatcher;
        this.sender = sender;
        this.dispatchThread = new Thread(() -> loop("dispatch", () -> {
            int n = dispatcher.dispatchBatch();
            if (n > 0) {
                sendWake.release();
            }
            return n == Dispatcher.BATCH ? 1 : 0;
        }, dispatchWake), "parley-mail-dispatch");
        this.sendThread = new Thread(() -> loop("send", () -> sender.sendBatch() == MailSender.BATCH ? 1 : 0, sendWake),
                "parley-mail-send");
        dispatchThread.setDaemon(true);
        sendThread.setDaemon(true);
    }

    /**
     * Installs the desk's settings page always, and the mails themselves when SMTP is configured;
     * returns whether mails are on.
     */
    public static boolean install(Platform platform, FileService files, dev.parley.desk.Pages pages,
                                  dev.parley.account.DeskSessions sessions) {
        NotificationPage.install(platform, pages, sessions);
        ParleyConfig config = platform.config();
        MailSettings settings = config.mail();
        if (!settings.enabled()) {
            LOG.info("E-mail notifications off (no --smtp-url)");
            return false;
        }
        platform.database().write(h -> {
            UnsubscribeLinks.prepare(h);
            if (Engine.of(h) == Engine.SQLITE) {
                Outbox.releaseAllLeases(h); // one node: leases of a process that was killed are void
            }
            return null;
        });
        String baseUrl = config.publicUrl() != null && !config.publicUrl().isBlank() ? config.publicUrl()
                : "http://" + (config.host().contains(":") ? "[" + config.host() + "]" : config.host()) + ":" + config.port();
        if (config.publicUrl() == null || config.publicUrl().isBlank()) {
            LOG.warn("No --public-url: the links in notification mails point to {}", baseUrl);
        }
        platform.events().onAppend(new MailEvents());
        MailRenderer renderer = new MailRenderer(platform.database(), files, settings, baseUrl);
        MailOut out = new MailOut(new Dispatcher(platform.database(), settings), new MailSender(platform.database(), settings, renderer));
        platform.events().onApplied(position -> out.dispatchWake.release());
        Unsubscribe.install(platform);
        out.dispatchThread.start();
        out.sendThread.start();
        platform.onClose(out::stop);
        platform.every("Mail outbox purge", java.time.Duration.ofHours(1), () -> platform.database().write(h -> {
            long cutoff = dev.parley.storage.Clock.nowMillis() - KEEP_MAILS.toMillis();
            return Outbox.purgeMails(h, cutoff);
        }));
        LOG.info("E-mail notifications via {} from {}; {}; staff: {}; links to {}", settings.smtp(), settings.from(),
                settings.replyMailbox() == null ? "no Reply-To" : "replies to " + settings.replyMailbox(),
                settings.staff().option(), baseUrl);
        return true;
    }

    /** Runs {@code work} until stopped; waits for a wake-up or a second when it found nothing more to do. */
    private void loop(String name, IntSupplier work, Semaphore wake) {
        while (running) {
            try {
                if (work.getAsInt() == 0) {
                    wake.tryAcquire(IDLE_MILLIS, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Mail {} failed: {}", name, e.toString());
                try {
                    Thread.sleep(IDLE_MILLIS);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void stop() throws InterruptedException {
        running = false;
        dispatchWake.release();
        sendWake.release();
        dispatchThread.join(10_000);
        sendThread.join(40_000);
    }
}
