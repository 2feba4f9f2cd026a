package dev.parley.notify.mail;

import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * Sends due outbox rows: leases a batch to this node, renders each, hands it to the SMTP server
 * over one connection, and marks it sent as soon as the server accepted it (a crash between the
 * two resends it, with the same Message-ID). A failure (the server down, refusing with 4xx or
 * 5xx, a timeout) makes the mail due again after an exponential backoff; past
 * {@link MailSettings#giveUpAfter()} since it was queued it is marked failed.
 */
final class MailSender {
    private static final Logger LOG = LoggerFactory.getLogger(MailSender.class);
    static final int BATCH = 20;
    private static final int TIMEOUT_MILLIS = 30_000;

    private final Database database;
    private final MailSettings settings;
    private final MailRenderer renderer;
    private final Session session;
    private final String node = UUID.randomUUID().toString();

    MailSender(Database database, MailSettings settings, MailRenderer renderer) {
        this.database = database;
        this.settings = settings;
        this.renderer = renderer;
        SmtpUrl smtp = settings.smtp();
        this.session = smtp.user() == null ? Session.getInstance(smtp.sessionProperties(TIMEOUT_MILLIS))
                : Session.getInstance(smtp.sessionProperties(TIMEOUT_MILLIS), new jakarta.mail.Authenticator() {
            @Override
            protected jakarta.mail.PasswordAuthentication getPasswordAuthentication() {
                return new jakarta.mail.PasswordAuthentication(smtp.user(), smtp.password() == null ? "" : smtp.password());
            }
        });
    }

    /** Sends one batch of due mails; returns how many it claimed (0: none due). */
    int sendBatch() {
        long now = Clock.nowMillis();
        if (!database.readPrimary(h -> Outbox.anyMailDue(h, now))) {
            return 0;
        }
        List<Outbox.Mail> due = database.write(h -> Outbox.claimDue(h, node, now, now + settings.lease().toMillis(), BATCH));
        if (due.isEmpty()) {
            return 0;
        }
        Transport transport = null;
        long started = System.nanoTime();
        long halfLease = settings.lease().toNanos() / 2;
        try {
            for (int i = 0; i < due.size(); i++) {
                Outbox.Mail mail = due.get(i);
                if (i > 0 && System.nanoTime() - started > halfLease) {
                    // slow going (timeouts): hand the rest back before the lease could run out
                    // and another node could take them while this one still sends
                    List<Long> rest = due.subList(i, due.size()).stream().map(Outbox.Mail::id).toList();
                    database.write(h -> Outbox.releaseLeases(h, rest, node));
                    break;
                }
                MailRenderer.Result result;
                MimeMessage message;
                try {
                    result = renderer.render(mail);
                    if (result.mail() == null) {
                        database.write(h -> {
                            Outbox.markDropped(h, mail.id(), result.dropReason());
                            return null;
                        });
                        LOG.info("Mail {} not sent: {}", mail.id(), result.dropReason());
                        continue;
                    }
                    message = MailMessages.build(session, settings, mail, result.mail());
                } catch (RuntimeException | MessagingException e) {
                    failed(mail, e);
                    continue;
                }
                try {
                    if (transport == null) {
                        transport = session.getTransport(settings.smtp().protocol());
                        transport.connect();
                    }
                    transport.sendMessage(message, message.getAllRecipients());
                } catch (MessagingException | RuntimeException e) {
                    failed(mail, e);
                    closeQuietly(transport);
                    transport = null;
                    continue;
                }
                database.write(h -> {
                    Outbox.markSent(h, mail.id(), Clock.nowMillis());
                    return null;
                });
            }
        } finally {
            closeQuietly(transport);
        }
        return due.size();
    }

    private void failed(Outbox.Mail mail, Exception e) {
        long now = Clock.nowMillis();
        long delay = retryDelay(mail.attempts() + 1);
        boolean giveUp = now + delay > mail.createdAt() + settings.giveUpAfter().toMillis();
        String error = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).strip();
        database.write(h -> {
            Outbox.markAttemptFailed(h, mail.id(), error, now + delay, giveUp);
            return null;
        });
        if (giveUp) {
            LOG.warn("Mail {} failed for good after {} attempts: {}", mail.id(), mail.attempts() + 1, error);
        } else {
            LOG.info("Mail {} not sent ({}); next attempt in {} ms", mail.id(), error, delay);
        }
    }

    /** The wait after the {@code attempt}-th failure: the first retry delay, doubled each time, capped. */
    long retryDelay(int attempt) {
        long first = settings.firstRetry().toMillis();
        long max = settings.maxRetryDelay().toMillis();
        long delay = first;
        for (int i = 1; i < attempt && delay < max; i++) {
            delay *= 2;
        }
        return Math.min(delay, max);
    }

    private static void closeQuietly(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // the connection is gone either way
            }
        }
    }
}
