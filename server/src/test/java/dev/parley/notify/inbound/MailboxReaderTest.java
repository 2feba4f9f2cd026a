package dev.parley.notify.inbound;

import com.icegreen.greenmail.store.StoredMessage;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reader's own promises, with a handler of the test's: reading a mail does not mark it
 * seen (peek); only a handled mail is marked; a failing one stays unseen and is read again, and
 * after {@link MailboxReader#MAX_ATTEMPTS} failures it is refused as {@code failed}; a mail over
 * the size limit is refused as {@code too-large} without its body being read.
 */
class MailboxReaderTest {
    private ReplyMails mails;
    private MailboxReader reader;

    @BeforeEach
    void start() {
        mails = new ReplyMails();
    }

    @AfterEach
    void stop() {
        if (reader != null) {
            reader.close();
        }
        mails.close();
    }

    @Test
    void aMailIsSeenOnlyOnceHandledAndAFailingOneIsReadAgainThenRefused() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> refusals = new CopyOnWriteArrayList<>();
        Map<String, Boolean> seenWhileHandled = new ConcurrentHashMap<>();
        MailHandler handler = new MailHandler() {
            @Override
            public void process(MimeMessage mail) throws MessagingException {
                String subject = mail.getSubject();
                seenWhileHandled.merge(subject, seen(subject), Boolean::logicalOr);
                if (subject.equals("flaky") && calls.incrementAndGet() < 3) {
                    throw new IllegalStateException("database away");
                }
                if (subject.equals("broken")) {
                    throw new IllegalStateException("always");
                }
            }

            @Override
            public void refuseUnread(MimeMessage mail, String reason) throws MessagingException {
                refusals.add(mail.getSubject() + ":" + reason);
            }
        };
        deliver("flaky");
        deliver("broken");
        deliver("fine");
        reader = new MailboxReader(settings(), handler, 1_000_000);
        reader.start();

        awaitSeen("flaky");
        awaitSeen("fine");
        awaitSeen("broken");
        assertThat(calls.get()).isEqualTo(3);
        assertThat(refusals).containsExactly("broken:failed");
        // peek: none of them was seen while it was being handled
        assertThat(seenWhileHandled).containsOnlyKeys("flaky", "broken", "fine").doesNotContainValue(true);
    }

    @Test
    void aMailOverTheLimitIsRefusedUnread() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        MailHandler handler = new MailHandler() {
            @Override
            public void process(MimeMessage mail) throws MessagingException {
                handled.add("read:" + mail.getSubject());
            }

            @Override
            public void refuseUnread(MimeMessage mail, String reason) throws MessagingException {
                handled.add(mail.getSubject() + ":" + reason);
            }
        };
        MimeMessage big = ReplyMails.reply("anna@example.org", "support+1-abcdefghijklmnop@example.com",
                "x".repeat(5000), Map.of());
        big.setSubject("big");
        big.saveChanges();
        mails.deliver(big);
        reader = new MailboxReader(settings(), handler, 2000);
        reader.start();
        awaitSeen("big");
        assertThat(handled).containsExactly("big:too-large");
    }

    private InboundMailSettings settings() {
        return new InboundMailSettings(mails.settings().imapUrl(), ReplyMails.MAILBOX, Duration.ofMillis(50));
    }

    private void deliver(String subject) throws Exception {
        MimeMessage mail = ReplyMails.reply("anna@example.org", "support+1-abcdefghijklmnop@example.com", subject);
        mail.setSubject(subject);
        mail.saveChanges();
        mails.deliver(mail);
    }

    private boolean seen(String subject) {
        try {
            for (StoredMessage stored : mails.stored()) {
                if (subject.equals(stored.getMimeMessage().getSubject())) {
                    return stored.isSet(Flags.Flag.SEEN);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no mail " + subject);
    }

    private void awaitSeen(String subject) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!seen(subject)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(subject + " was not marked seen within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
