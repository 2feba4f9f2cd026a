package dev.parley.notify.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.store.StoredMessage;
import dev.parley.identity.DemoDirectory;
import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Database;
import dev.parley.testing.ApiClient;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import jakarta.mail.Flags;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answering by e-mail end to end: replies are put into the reply mailbox's INBOX (GreenMail), a
 * Parley reads it over IMAP, and what it made of them is looked at through the API and the
 * database. Accepted: a reply with an attachment, quotes and signature gone; refused, creating
 * nothing: a forged sender, a tampered token, automatic replies, bounces, a loop, a user who
 * lost access, a deactivated user; the same mail read twice is one message.
 */
class InboundMailTest {
    static ReplyMails mails;
    static TestServer server;
    static ApiClient api;
    static Database database;
    static String owner;
    static String ownerId;
    /** Shared with Demo GmbH, created by its owner. */
    static String conversationId;

    @BeforeAll
    static void start() {
        mails = new ReplyMails();
        try {
            server = TestServer.start(b -> b.inboundMail(mails.settings()));
        } catch (RuntimeException | Error e) {
            mails.close();
            throw e;
        }
        api = server.client();
        database = server.parley().database();
        owner = server.user("customer-owner").token();
        ownerId = server.user("customer-owner").userId();
        conversationId = api.newConversation(owner, Map.of("title", "The checkout page is broken",
                "messageContent", "Since this morning the checkout page shows an error.",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        mails.close();
    }

    @Test
    void aReplyWithAnAttachmentBecomesTheUsersMessageWithoutTheQuote() throws Exception {
        byte[] pdf = SampleFiles.pdf();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("invoice.pdf", pdf);
        MimeMessage mail = ReplyMails.reply(DemoDirectory.email("customer-owner").toUpperCase(),
                ReplyMails.replyAddress(database, conversationId, ownerId), """
                        Thanks, the invoice is attached.
                        It happens on every second try.

                        On Sat, 5 Dec 2026 at 10:12, Parley Support <support@example.com> wrote:
                        > We looked into it. Could you send us the invoice?
                        >
                        > Kind regards
                        """, files);
        int before = messages(owner).size();
        mails.deliver(mail);

        assertThat(ReplyMails.outcome(database, mail)).isEqualTo("accepted");
        List<JsonNode> after = messages(owner);
        assertThat(after).hasSize(before + 1);
        JsonNode message = after.get(after.size() - 1);
        assertThat(message.path("messageContent").asText())
                .isEqualTo("Thanks, the invoice is attached.\nIt happens on every second try.");
        assertThat(message.at("/createdBy/userId").asText()).isEqualTo(ownerId);
        assertThat(message.path("internal").asBoolean()).isFalse();
        assertThat(message.path("files")).hasSize(1);
        JsonNode file = message.path("files").get(0);
        assertThat(file.path("name").asText()).isEqualTo("invoice.pdf");
        String fileId = file.path("id").asText();
        assertThat(api.download(fileId, api.accessToken(owner, conversationId, fileId)).assertStatus(200).body())
                .isEqualTo(pdf);
        // the staff see it too, and the mail is marked seen in the mailbox
        assertThat(messages(server.user("employee").token())).hasSize(after.size());
        assertThat(seen(mail)).isTrue();
        String key = InboundMailLog.key(mail);
        String recorded = database.read(h -> h.createQuery("SELECT message_id FROM inbound_mails WHERE mail_key = :k")
                .bind("k", key).mapTo(String.class).one());
        assertThat(recorded).isEqualTo(message.path("messageId").asText());
    }

    @Test
    void theSameMailReadTwiceIsOneMessage() throws Exception {
        MimeMessage mail = ReplyMails.reply(DemoDirectory.email("customer-owner"),
                ReplyMails.replyAddress(database, conversationId, ownerId), "Once, please.");
        int before = messages(owner).size();
        mails.deliver(mail);
        assertThat(ReplyMails.outcome(database, mail)).isEqualTo("accepted");
        awaitSeen(mail);
        // delivered again (same Message-ID), and the first copy unseen again (as after a crash before \Seen)
        mails.deliver(mail);
        for (StoredMessage stored : storedCopies(mail)) {
            stored.setFlag(Flags.Flag.SEEN, false);
        }
        awaitSeen(mail);
        assertThat(messages(owner)).hasSize(before + 1);
        assertThat(texts(owner)).filteredOn("Once, please."::equals).hasSize(1);
        assertThat(rows(mail)).isEqualTo(1);
    }

    @Test
    void aMailWithoutMessageIdReadAgainIsStillOneMessage() throws Exception {
        MimeMessage mail = ReplyMails.message(null);
        mail.setFrom(DemoDirectory.email("customer-owner"));
        mail.setRecipients(MimeMessage.RecipientType.TO, ReplyMails.replyAddress(database, conversationId, ownerId));
        mail.setSubject("No id");
        mail.setText("Sent by a program that sets no Message-ID.");
        mail.saveChanges();
        assertThat(mail.getHeader("Message-ID")).isNull();
        int before = messages(owner).size();
        mails.deliver(mail);
        assertThat(ReplyMails.outcome(database, mail)).isEqualTo("accepted");
        assertThat(InboundMailLog.key(mail)).startsWith("hdr:");
        awaitSeenSubject("No id");
        for (StoredMessage stored : mails.stored()) {
            if ("No id".equals(stored.getMimeMessage().getSubject())) {
                stored.setFlag(Flags.Flag.SEEN, false); // as after a crash before \Seen
            }
        }
        awaitSeenSubject("No id");
        assertThat(messages(owner)).hasSize(before + 1);
    }

    @Test
    void aForgedSenderCreatesNothing() throws Exception {
        MimeMessage mail = ReplyMails.reply(DemoDirectory.email("outsider"),
                ReplyMails.replyAddress(database, conversationId, ownerId), "Forged: close this conversation.");
        assertRefused(mail, "forged-sender");
    }

    @Test
    void aSenderHeaderNamingSomeoneElseCreatesNothing() throws Exception {
        MimeMessage mail = ReplyMails.reply(DemoDirectory.email("customer-owner"),
                ReplyMails.replyAddress(database, conversationId, ownerId), "On behalf of someone.");
        mail.setHeader("Sender", "mallory@evil.example.net");
        mail.saveChanges();
        assertRefused(mail, "sender-differs");
    }

    @Test
    void aTamperedTokenCreatesNothing() throws Exception {
        String address = ReplyMails.replyAddress(database, conversationId, ownerId);
        int plus = address.indexOf('+');
        int at = address.indexOf('@');
        char last = address.charAt(at - 1);
        String tampered = address.substring(0, at - 1) + (last == 'a' ? 'b' : 'a') + address.substring(at);
        MimeMessage mail = ReplyMails.reply(DemoDirectory.email("customer-owner"), tampered, "Tampered.");
        assertRefused(mail, "invalid-token");
        // another row's id with this row's signature names nobody either
        String otherId = address.substring(0, plus + 1) + "999" + address.substring(address.indexOf('-', plus));
        assertRefused(ReplyMails.reply(DemoDirectory.email("customer-owner"), otherId, "Other id."), "invalid-token");
        // and a mail to the plain mailbox carries no token
        assertRefused(ReplyMails.reply(DemoDirectory.email("customer-owner"), ReplyMails.MAILBOX, "No token."), "no-token");
    }

    @Test
    void automaticRepliesCreateNothing() throws Exception {
        String to = ReplyMails.replyAddress(database, conversationId, ownerId);
        String from = DemoDirectory.email("customer-owner");
        MimeMessage outOfOffice = ReplyMails.reply(from, to, "I am out of the office until Monday.");
        outOfOffice.setHeader("Auto-Submitted", "auto-replied");
        outOfOffice.saveChanges();
        assertRefused(outOfOffice, "auto-reply");

        MimeMessage precedence = ReplyMails.reply(from, to, "Vacation.");
        precedence.setHeader("Precedence", "auto_reply");
        precedence.saveChanges();
        assertRefused(precedence, "auto-reply");

        MimeMessage exchange = ReplyMails.reply(from, to, "Automatic reply: away.");
        exchange.setHeader("X-Auto-Response-Suppress", "All");
        exchange.saveChanges();
        assertRefused(exchange, "auto-reply");

        MimeMessage personal = ReplyMails.reply(from, to, "Auto-Submitted: no is a person's mail.");
        personal.setHeader("Auto-Submitted", "no");
        personal.saveChanges();
        int before = messages(owner).size();
        mails.deliver(personal);
        assertThat(ReplyMails.outcome(database, personal)).isEqualTo("accepted");
        assertThat(messages(owner)).hasSize(before + 1);
    }

    @Test
    void bouncesCreateNothing() throws Exception {
        String to = ReplyMails.replyAddress(database, conversationId, ownerId);
        MimeMessage nullSender = ReplyMails.reply(DemoDirectory.email("customer-owner"), to, "Delivery failed.");
        nullSender.setHeader("Return-Path", "<>");
        nullSender.saveChanges();
        assertRefused(nullSender, "bounce");

        MimeMessage report = ReplyMails.message("<bounce-1-" + System.nanoTime() + "@mx.demo.example.com>");
        report.setFrom("MAILER-DAEMON@mx.demo.example.com");
        report.setRecipients(MimeMessage.RecipientType.TO, to);
        report.setSubject("Undelivered Mail Returned to Sender");
        MimeMultipart multipart = new MimeMultipart("report; report-type=delivery-status");
        MimeBodyPart human = new MimeBodyPart();
        human.setText("This is the mail system. Your message could not be delivered.");
        multipart.addBodyPart(human);
        MimeBodyPart status = new MimeBodyPart();
        status.setContent("Reporting-MTA: dns; mx.demo.example.com\r\nAction: failed\r\n", "message/delivery-status");
        multipart.addBodyPart(status);
        report.setContent(multipart);
        report.saveChanges();
        assertRefused(report, "bounce");
    }

    @Test
    void parleysOwnMailComingBackCreatesNothing() throws Exception {
        MimeMessage loop = ReplyMails.message("<mail-42-" + System.nanoTime() + "@example.com>");
        loop.setFrom(DemoDirectory.email("customer-owner"));
        loop.setRecipients(MimeMessage.RecipientType.TO, ReplyMails.replyAddress(database, conversationId, ownerId));
        loop.setText("New message in your conversation");
        loop.saveChanges();
        assertRefused(loop, "loop");

        MimeMessage fromUs = ReplyMails.reply(ReplyMails.MAILBOX.toUpperCase(),
                ReplyMails.replyAddress(database, conversationId, ownerId), "A notification sent to ourselves");
        assertRefused(fromUs, "loop");
    }

    @Test
    void aUserWhoLostAccessOrWasDeactivatedCreatesNothing() throws Exception {
        String customerId = server.demoCustomerId();
        String leaverId = database.write(h -> {
            String id = IdentityRepository.createUser(h, "Lea Leaver", "lea.leaver@demo.example.com", false);
            IdentityRepository.addCustomerMember(h, customerId, id, "member");
            return id;
        });
        String leaverAddress = ReplyMails.replyAddress(database, conversationId, leaverId);
        database.write(h -> IdentityRepository.removeCustomerMember(h, customerId, leaverId));
        assertRefused(ReplyMails.reply("lea.leaver@demo.example.com", leaverAddress, "Still here?"), "no-access");

        String goneId = database.write(h -> {
            String id = IdentityRepository.createUser(h, "Gus Gone", "gus.gone@demo.example.com", false);
            IdentityRepository.addCustomerMember(h, customerId, id, "member");
            return id;
        });
        String goneAddress = ReplyMails.replyAddress(database, conversationId, goneId);
        database.write(h -> IdentityRepository.setUserActive(h, goneId, false));
        assertRefused(ReplyMails.reply("gus.gone@demo.example.com", goneAddress, "Hello?"), "inactive-user");
    }

    @Test
    void anHtmlOnlyReplyIsTakenAsTextAndARefusedAttachmentIsNamed() throws Exception {
        MimeMessage html = ReplyMails.reply(DemoDirectory.email("customer-owner"),
                ReplyMails.replyAddress(database, conversationId, ownerId), "");
        html.setContent("<html><head><style>p{color:red}</style></head><body><p>It works &amp; thanks!</p>"
                + "<div class=\"gmail_quote\"><div>On Sat, Support wrote:</div><blockquote>old text</blockquote></div>"
                + "</body></html>", "text/html; charset=UTF-8");
        html.saveChanges();
        mails.deliver(html);
        assertThat(ReplyMails.outcome(database, html)).isEqualTo("accepted");
        assertThat(last(owner).path("messageContent").asText()).isEqualTo("It works & thanks!");

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("setup.exe", SampleFiles.windowsExecutable());
        MimeMessage exe = ReplyMails.reply(DemoDirectory.email("customer-owner"),
                ReplyMails.replyAddress(database, conversationId, ownerId), "Here is the installer.", files);
        mails.deliver(exe);
        assertThat(ReplyMails.outcome(database, exe)).isEqualTo("accepted");
        JsonNode message = last(owner);
        assertThat(message.path("files")).isEmpty();
        assertThat(message.path("messageContent").asText()).startsWith("Here is the installer.\n\n(Attachment \"setup.exe\" was not accepted: ");
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Delivers the mail, waits for its refusal with {@code reason}, and checks that nothing was created. */
    private static void assertRefused(MimeMessage mail, String reason) throws Exception {
        int messages = messages(server.user("employee").token()).size();
        long entries = count("SELECT COUNT(*) FROM timeline_entries");
        long files = count("SELECT COUNT(*) FROM files");
        mails.deliver(mail);
        assertThat(ReplyMails.outcome(database, mail)).isEqualTo("refused:" + reason);
        awaitSeen(mail);
        assertThat(messages(server.user("employee").token())).hasSize(messages);
        assertThat(count("SELECT COUNT(*) FROM timeline_entries")).isEqualTo(entries);
        assertThat(count("SELECT COUNT(*) FROM files")).isEqualTo(files);
        String key = InboundMailLog.key(mail);
        java.util.Optional<String> message = database.read(h -> h.createQuery(
                        "SELECT message_id FROM inbound_mails WHERE mail_key = :k AND message_id IS NOT NULL")
                .bind("k", key).mapTo(String.class).findOne());
        assertThat(message).isEmpty();
    }

    private static long count(String sql) {
        return database.read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static long rows(MimeMessage mail) throws Exception {
        String key = InboundMailLog.key(mail);
        return database.read(h -> h.createQuery("SELECT COUNT(*) FROM inbound_mails WHERE mail_key = :k")
                .bind("k", key).mapTo(Long.class).one());
    }

    private static List<StoredMessage> storedCopies(MimeMessage mail) throws Exception {
        String id = mail.getMessageID();
        List<StoredMessage> copies = new ArrayList<>();
        for (StoredMessage stored : mails.stored()) {
            if (id.equals(stored.getMimeMessage().getMessageID())) {
                copies.add(stored);
            }
        }
        return copies;
    }

    private static boolean seen(MimeMessage mail) throws Exception {
        List<StoredMessage> copies = storedCopies(mail);
        return !copies.isEmpty() && copies.stream().allMatch(m -> m.isSet(Flags.Flag.SEEN));
    }

    private static void awaitSeen(MimeMessage mail) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!seen(mail)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the mail was not marked seen within 20 s");
            }
            Thread.sleep(50);
        }
    }

    private static void awaitSeenSubject(String subject) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            boolean seen = false;
            for (StoredMessage stored : mails.stored()) {
                if (subject.equals(stored.getMimeMessage().getSubject())) {
                    seen = stored.isSet(Flags.Flag.SEEN);
                }
            }
            if (seen) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(subject + " was not marked seen within 20 s");
            }
            Thread.sleep(50);
        }
    }

    /** The conversation's messages (not status updates) as {@code token} sees them, oldest first. */
    private static List<JsonNode> messages(String token) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode entry : api.listMessages(token, conversationId).assertStatus(200).json()) {
            if ("MESSAGE".equals(entry.path("type").asText())) {
                out.add(entry);
            }
        }
        return out;
    }

    private static List<String> texts(String token) {
        return messages(token).stream().map(m -> m.path("messageContent").asText()).toList();
    }

    private static JsonNode last(String token) {
        List<JsonNode> all = messages(token);
        return all.get(all.size() - 1);
    }
}
