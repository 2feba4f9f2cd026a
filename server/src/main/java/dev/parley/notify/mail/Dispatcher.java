package dev.parley.notify.mail;

import dev.parley.notify.ReplyAddresses;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the rows the append hook wrote into mails: for each, the recipients ({@link Recipients};
 * one event may cause mails of two kinds, e.g. a conversation an employee opened) and one
 * {@code mail_outbox} row per recipient, with its kind and signed Reply-To, in the same
 * transaction that marks the event dispatched (claimed with SKIP LOCKED on PostgreSQL, so two
 * nodes never expand one event).
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    static final int BATCH = 20;
    private static final long KEEP_DISPATCHED_MILLIS = 86_400_000L;

    private final Database database;
    private final MailSettings settings;

    Dispatcher(Database database, MailSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    /** Expands one batch; returns how many events it expanded (0: nothing waiting). */
    int dispatchBatch() {
        if (!database.readPrimary(Outbox::anyEventWaiting)) {
            return 0;
        }
        return database.write(h -> {
            var events = Outbox.claimEvents(h, BATCH);
            long now = Clock.nowMillis();
            for (Outbox.PendingEvent e : events) {
                Recipients.Mails mails = Recipients.of(h, settings.staff(), e.type(), e.conversationId(), e.actorId(),
                        e.subjectId());
                for (Recipients.Mails.Batch batch : mails.batches()) {
                    for (String userId : batch.userIds()) {
                        String replyTo = settings.replyMailbox() == null ? null
                                : ReplyAddresses.address(settings.replyMailbox(), ReplyAddresses.token(h, e.conversationId(), userId));
                        Outbox.insert(h, e, userId, batch.kind(), replyTo, now);
                    }
                    if (!batch.userIds().isEmpty()) {
                        LOG.debug("{} {}: {} mail(s) {}", e.type(), e.conversationId(), batch.userIds().size(), batch.kind().id());
                    }
                }
                Outbox.markDispatched(h, e.id(), now);
            }
            if (events.size() < BATCH) {
                Outbox.purgeEvents(h, now - KEEP_DISPATCHED_MILLIS);
            }
            return events.size();
        });
    }
}
