package dev.parley.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.parley.notify.inbound.InboundMailSettings;
import dev.parley.notify.mail.MailSettings;
import dev.parley.testing.ApiClient;
import dev.parley.testing.TestServer;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mail out and mail in together, as a customer meets them: a staff reply is mailed to the
 * customer; the customer answers that mail in a mail client (reply to its Reply-To, quoting it);
 * the answer becomes the customer's message without the quote, and that message is mailed to
 * staff, not back to the customer. One GreenMail server is the SMTP relay and the reply mailbox.
 */
class NotificationRoundTripTest {
    private static final String MAILBOX = "support@example.com";
    private static final String OWNER_MAIL = "customer-owner@demo.example.com";
    private static final String EMPLOYEE_MAIL = "employee@demo.example.com";
    private static GreenMail mail;
    private static GreenMailUser support;
    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        mail.start();
        support = mail.setUser(MAILBOX, "support", "pw");
        MailSettings out = MailSettings.of("smtp://127.0.0.1:" + mail.getSmtp().getPort(),
                        "Parley Support <noreply@notify.example.org>", MAILBOX, null)
                .retries(Duration.ofMillis(200), Duration.ofMillis(800), Duration.ofMinutes(5));
        InboundMailSettings in = new InboundMailSettings(
                "imap://support:pw@127.0.0.1:" + mail.getImap().getPort() + "/INBOX", MAILBOX, Duration.ofMillis(100));
        server = TestServer.start(b -> b.mail(out).inboundMail(in).publicUrl("https://desk.example.com"));
        api = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
        mail.stop();
    }

    @Test
    void aCustomerAnswersAStaffReplyByMailAndStaffHearOfIt() throws Exception {
        String owner = server.user("customer-owner").token();
        String employee = server.user("employee").token();
        String id = api.newConversation(owner, Map.of("title", "Invoice missing", "messageContent", "Where is my invoice?",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        api.createMessage(employee, id, Map.of("messageContent", "It is in your account now.")).assertStatus(201);

        MimeMessage notice = await("the staff reply mailed to the customer", () -> first(to(OWNER_MAIL)));
        InternetAddress replyTo = (InternetAddress) notice.getReplyTo()[0];
        assertThat(replyTo.getAddress()).startsWith("support+").endsWith("@example.com");

        MimeMessage answer = (MimeMessage) notice.reply(false);
        answer.setFrom(new InternetAddress(OWNER_MAIL));
        answer.setRecipient(Message.RecipientType.TO, replyTo);
        answer.setText("Found it, thank you!\n\nOn Sat, 5 Dec 2026 at 21:00, Parley Support <noreply@notify.example.org> wrote:\n"
                + "> It is in your account now.\n");
        answer.saveChanges();
        List<MimeMessage> mailsBefore = List.of(mail.getReceivedMessages());
        support.deliver(answer);

        JsonNode last = await("the mailed answer as the customer's message", () -> {
            JsonNode messages = api.listMessages(owner, id).assertStatus(200).json();
            for (JsonNode m : messages) { // messages and status updates
                if (m.path("messageContent").asText().startsWith("Found it")) {
                    return m;
                }
            }
            return null;
        });
        assertThat(last.path("messageContent").asText()).isEqualTo("Found it, thank you!");
        assertThat(last.path("createdBy").path("userId").asText()).isEqualTo(server.user("customer-owner").userId());
        assertThat(api.getConversation(owner, id).assertStatus(200).json().path("status").asText())
                .as("a customer's message reopens an answered conversation").isEqualTo("open");

        MimeMessage toStaff = await("the customer's mailed answer mailed to staff", () -> {
            for (MimeMessage m : newSince(mailsBefore)) {
                if (recipients(m).contains(EMPLOYEE_MAIL)) {
                    return m;
                }
            }
            return null;
        });
        assertThat(toStaff.getSubject()).contains("Invoice missing");
        Thread.sleep(500); // anything mailed back to the customer would have been sent by now
        assertThat(newSince(mailsBefore)).as("the customer is not mailed their own answer")
                .noneMatch(m -> recipients(m).contains(OWNER_MAIL));
    }

    /**
     * A notification sent back whole to its Reply-To by the customer's own mail system (a
     * forwarding rule that keeps the Message-ID but drops the automatic mail's headers): its Message-ID is
     * Parley's own, so it is a loop and creates nothing, although its sender and token are the
     * customer's and valid. Parley's Message-IDs end in the reply mailbox's domain, not the From
     * address's (here another domain), because that is the domain the reader knows.
     */
    @Test
    void aNotificationForwardedBackToTheReplyMailboxCreatesNothing() throws Exception {
        String owner = server.user("customer-owner").token();
        String employee = server.user("employee").token();
        String id = api.newConversation(owner, Map.of("title", "Forwarding rule",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        api.createMessage(employee, id, Map.of("messageContent", "Please check your spam folder.")).assertStatus(201);
        MimeMessage notice = await("the staff reply mailed to the customer", () -> to(OWNER_MAIL).stream()
                .filter(m -> subjectOf(m).contains("Forwarding rule")).findFirst().orElse(null));
        assertThat(notice.getMessageID()).as("Parley's Message-IDs end in the reply mailbox's domain")
                .startsWith("<mail-").endsWith("@example.com>");
        MimeMessage forwarded = new MimeMessage(notice) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", notice.getMessageID()); // kept, as the forwarding rule keeps it
            }
        };
        forwarded.setFrom(new InternetAddress(OWNER_MAIL));
        // as it is, its Auto-Submitted header refuses it already; a forwarder that drops the header
        // leaves the Message-ID as the only mark of Parley's own mail
        forwarded.removeHeader("Auto-Submitted");
        forwarded.removeHeader("X-Auto-Response-Suppress");
        forwarded.setRecipient(Message.RecipientType.TO, notice.getReplyTo()[0]);
        forwarded.saveChanges();
        int before = api.listMessages(owner, id).assertStatus(200).json().size();
        support.deliver(forwarded);
        await("the forwarded notice refused as a loop", () -> server.parley().database().read(h -> h.createQuery(
                "SELECT COUNT(*) FROM inbound_mails WHERE outcome = 'refused' AND reason = 'loop'")
                .mapTo(Long.class).one()) == 1 ? Boolean.TRUE : null);
        assertThat(api.listMessages(owner, id).assertStatus(200).json().size()).isEqualTo(before);
    }

    private static String subjectOf(MimeMessage m) {
        try {
            return String.valueOf(m.getSubject());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<MimeMessage> to(String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> recipients(m).contains(address)).toList();
    }

    /** Mails received since {@code before} (GreenMail lists mails mailbox by mailbox, not in the order received). */
    private static List<MimeMessage> newSince(List<MimeMessage> before) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MimeMessage m : before) {
            seen.add(messageId(m));
        }
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> !seen.contains(messageId(m))).toList();
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID() + " " + String.join(",", recipients(m));
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> recipients(MimeMessage m) {
        try {
            List<String> out = new ArrayList<>();
            if (m.getAllRecipients() != null) {
                Arrays.stream(m.getAllRecipients()).forEach(a -> out.add(((InternetAddress) a).getAddress().toLowerCase()));
            }
            return out;
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MimeMessage first(List<MimeMessage> messages) {
        return messages.isEmpty() ? null : messages.get(0);
    }

    private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

}
