package dev.parley.notify.inbound;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.parley.notify.ReplyAddresses;
import dev.parley.storage.Database;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The mail side of the e-mail-in tests: a GreenMail server (IMAP and SMTP on free ports) with
 * the reply mailbox {@code support@example.com}, replies as mail programs write them, delivered
 * into its INBOX, and what the database recorded of them.
 */
final class ReplyMails implements AutoCloseable {
    static final String MAILBOX = "support@example.com";
    private static final Session SESSION = Session.getInstance(new Properties());

    final GreenMail greenMail;
    final GreenMailUser mailbox;

    ReplyMails() {
        greenMail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        greenMail.start();
        mailbox = greenMail.setUser(MAILBOX, "support", "pw");
    }

    /** The settings a Parley reading this mailbox runs with (polling every 100 ms). */
    InboundMailSettings settings() {
        return new InboundMailSettings("imap://support:pw@127.0.0.1:" + greenMail.getImap().getPort() + "/INBOX",
                MAILBOX, Duration.ofMillis(100));
    }

    /** The reply address of a notification about {@code conversationId} to {@code userId}. */
    static String replyAddress(Database database, String conversationId, String userId) {
        return ReplyAddresses.address(MAILBOX, database.write(h -> ReplyAddresses.token(h, conversationId, userId)));
    }

    /** A reply: From, To, a fresh Message-ID, the text as text/plain, and attachments (name → bytes). */
    static MimeMessage reply(String from, String to, String text, Map<String, byte[]> attachments) throws MessagingException {
        MimeMessage mail = message("<" + UUID.randomUUID() + "@mail.example.org>");
        mail.setFrom(new InternetAddress(from));
        mail.setRecipients(MimeMessage.RecipientType.TO, to);
        mail.setSubject("Re: [Parley] The checkout page is broken", "UTF-8");
        if (attachments.isEmpty()) {
            mail.setText(text, "UTF-8");
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            body.setText(text, "UTF-8");
            mixed.addBodyPart(body);
            for (Map.Entry<String, byte[]> a : attachments.entrySet()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.getValue(), "application/octet-stream")));
                part.setFileName(a.getKey());
                part.setDisposition(MimeBodyPart.ATTACHMENT);
                // as mail programs send files (7bit would lose a text-like file's last line break)
                part.setHeader("Content-Transfer-Encoding", "base64");
                mixed.addBodyPart(part);
            }
            mail.setContent(mixed);
        }
        mail.saveChanges();
        return mail;
    }

    static MimeMessage reply(String from, String to, String text) throws MessagingException {
        return reply(from, to, text, Map.of());
    }

    /** A message whose Message-ID stays {@code messageId} (null: none at all) through saveChanges. */
    static MimeMessage message(String messageId) {
        return new MimeMessage(SESSION) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (messageId == null) {
                    removeHeader("Message-ID");
                } else {
                    setHeader("Message-ID", messageId);
                }
            }
        };
    }

    void deliver(MimeMessage mail) {
        mailbox.deliver(mail);
    }

    /** The mails in the INBOX as stored, with their flags. */
    List<StoredMessage> stored() throws Exception {
        return greenMail.getManagers().getImapHostManager().getInbox(mailbox).getMessages();
    }

    /** The recorded outcome of a mail ("accepted" / "refused:<reason>"), waiting up to 20 s for it. */
    static String outcome(Database database, MimeMessage mail) throws Exception {
        String key = InboundMailLog.key(mail);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String found = database.read(h -> h.createQuery("SELECT outcome, reason FROM inbound_mails WHERE mail_key = :k")
                    .bind("k", key).map((rs, ctx) -> rs.getString(1) + (rs.getString(2) == null ? "" : ":" + rs.getString(2)))
                    .findOne().orElse(null));
            if (found != null) {
                return found;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the mail was not processed within 20 s");
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
