package dev.parley.notify.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.parley.storage.Database;
import jakarta.mail.Address;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What the mail tests share: GreenMail on a port of its own, the settings, waiting for the outbox. */
final class MailTestKit {
    static final String FROM = "Parley Support <support@example.com>";
    static final String MAILBOX = "support@example.com";

    private MailTestKit() {
    }

    static GreenMail greenMail(int port) {
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return mail;
    }

    static GreenMail greenMail() {
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        return mail;
    }

    /** Settings for a local SMTP server with retries in fractions of a second. */
    static MailSettings settings(int port) {
        return MailSettings.of("smtp://127.0.0.1:" + port, FROM, MAILBOX, null)
                .retries(Duration.ofMillis(200), Duration.ofMillis(800), Duration.ofMinutes(5));
    }

    static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until every mail event is dispatched and no mail is pending. */
    static void awaitQuiet(Database db) {
        await("the outbox to empty", () -> db.read(h -> h.createQuery("""
                SELECT (SELECT COUNT(*) FROM mail_events WHERE dispatched_at IS NULL)
                     + (SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending')""").mapTo(Long.class).one()) == 0);
    }

    /** The addresses (lower case) a message was sent to. */
    static List<String> to(MimeMessage m) {
        try {
            Address[] all = m.getAllRecipients();
            return all == null ? List.of() : Arrays.stream(all).map(a -> ((InternetAddress) a).getAddress().toLowerCase()).toList();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<MimeMessage> to(GreenMail mail, String address) {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (to(m).contains(address.toLowerCase())) {
                out.add(m);
            }
        }
        return out;
    }

    static String header(MimeMessage m, String name) {
        try {
            String[] values = m.getHeader(name);
            assertThat(values).as(name).isNotNull().hasSize(1);
            return values[0];
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** The part of the given type (text/plain or text/html) of a multipart/alternative mail. */
    static String part(MimeMessage m, String type) {
        try {
            Multipart multipart = (Multipart) m.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                Part p = multipart.getBodyPart(i);
                if (p.isMimeType(type)) {
                    return (String) p.getContent();
                }
            }
            throw new AssertionError("no " + type + " part");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
