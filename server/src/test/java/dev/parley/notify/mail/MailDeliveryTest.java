package dev.parley.notify.mail;

import com.icegreen.greenmail.util.GreenMail;
import dev.parley.storage.Database;
import dev.parley.testing.ApiClient;
import dev.parley.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.parley.notify.mail.MailTestKit.awaitQuiet;
import static dev.parley.notify.mail.MailTestKit.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox's promises: mails queued while the SMTP server is down arrive once after it is up,
 * a mail that cannot be sent in time is marked failed, and several senders and dispatchers on
 * one store (nodes) send each mail exactly once.
 */
class MailDeliveryTest {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static long count(Database db, String sql) {
        return db.read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static String conversationWithReply(TestServer server) {
        ApiClient api = server.client();
        String id = api.newConversation(server.user("customer-owner").token(), Map.of("title", "Down and up",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        api.createMessage(server.user("employee").token(), id, Map.of("messageContent", "answer")).assertStatus(201);
        return id;
    }

    @Test
    void mailsQueuedWhileTheServerIsDownArriveOnceItIsUp() throws Exception {
        int port = freePort();
        try (TestServer server = TestServer.start(b -> b.mail(MailTestKit.settings(port)))) {
            Database db = server.parley().database();
            conversationWithReply(server);
            // 1 new-conversation mail to the employee, 2 staff replies (owner, member)
            MailTestKit.await("failed attempts", () -> count(db,
                    "SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending' AND attempts >= 2 AND last_error IS NOT NULL") == 3);
            assertThat(count(db, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'sent'")).isZero();

            GreenMail smtp = MailTestKit.greenMail(port);
            try {
                assertThat(smtp.waitForIncomingEmail(20_000, 3)).isTrue();
                awaitQuiet(db);
                Thread.sleep(1500); // anything sent twice would arrive now
                MimeMessage[] received = smtp.getReceivedMessages();
                assertThat(received).hasSize(3);
                assertThat(MailTestKit.to(smtp, "employee@demo.example.com")).hasSize(1);
                assertThat(MailTestKit.to(smtp, "customer-owner@demo.example.com")).hasSize(1);
                assertThat(MailTestKit.to(smtp, "customer-member@demo.example.com")).hasSize(1);
                assertThat(count(db, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'sent' AND last_error IS NULL")).isEqualTo(3);
            } finally {
                smtp.stop();
            }
        }
    }

    @Test
    void aMailThatCannotBeSentInTimeIsMarkedFailed() throws Exception {
        int port = freePort();
        MailSettings quickToGiveUp = MailTestKit.settings(port)
                .retries(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(1500));
        try (TestServer server = TestServer.start(b -> b.mail(quickToGiveUp))) {
            Database db = server.parley().database();
            conversationWithReply(server);
            MailTestKit.await("the mails to fail", () -> count(db, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'failed'") == 3);
            assertThat(count(db, "SELECT MIN(attempts) FROM mail_outbox")).isGreaterThanOrEqualTo(2);
            assertThat(count(db, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending'")).isZero();
        }
    }

    @Test
    void aBatchPastHalfItsLeaseHandsTheRestBackAndEachMailStillArrivesOnce() throws Exception {
        GreenMail smtp = MailTestKit.greenMail();
        MailSettings s = MailTestKit.settings(smtp.getSmtp().getPort());
        // a lease of 2 ms: every batch sends its first mail, then hands the others back
        MailSettings shortLease = new MailSettings(s.smtp(), s.from(), s.replyMailbox(), s.staff(), s.giveUpAfter(),
                s.firstRetry(), s.maxRetryDelay(), Duration.ofMillis(2), s.fileLinkTtl());
        try (TestServer server = TestServer.start(b -> b.mail(shortLease))) {
            for (int i = 0; i < 3; i++) {
                conversationWithReply(server);
            }
            assertThat(smtp.waitForIncomingEmail(20_000, 9)).isTrue();
            awaitQuiet(server.parley().database());
            Thread.sleep(1000);
            Map<String, Integer> byMessageId = new HashMap<>();
            for (MimeMessage m : smtp.getReceivedMessages()) {
                byMessageId.merge(header(m, "Message-ID"), 1, Integer::sum);
            }
            assertThat(smtp.getReceivedMessages()).hasSize(9);
            assertThat(byMessageId).hasSize(9);
            assertThat(count(server.parley().database(), "SELECT MAX(attempts) FROM mail_outbox")).isEqualTo(1);
        } finally {
            smtp.stop();
        }
    }

    @Test
    void severalNodesSendEachMailExactlyOnce() throws Exception {
        GreenMail smtp = MailTestKit.greenMail();
        MailSettings settings = MailTestKit.settings(smtp.getSmtp().getPort());
        try (TestServer server = TestServer.start(b -> b.mail(settings))) {
            Database db = server.parley().database();
            // three more "nodes" on the same store, beside the server's own dispatcher and sender
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> nodes = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 3; i++) {
                Dispatcher dispatcher = new Dispatcher(db, settings);
                MailSender sender = new MailSender(db, settings,
                        new MailRenderer(db, server.parley().fileService(), settings, "http://127.0.0.1"));
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try {
                            dispatcher.dispatchBatch();
                            sender.sendBatch();
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                });
                t.start();
                nodes.add(t);
            }
            ApiClient api = server.client();
            String owner = server.user("customer-owner").token();
            String employee = server.user("employee").token();
            int conversations = 10;
            for (int i = 0; i < conversations; i++) {
                String id = api.newConversation(owner, Map.of("title", "Node test " + i,
                        "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
                api.createMessage(employee, id, Map.of("messageContent", "answer " + i)).assertStatus(201);
            }
            int expected = conversations * 3;
            assertThat(smtp.waitForIncomingEmail(30_000, expected)).isTrue();
            awaitQuiet(db);
            Thread.sleep(1500);
            running.set(false);
            for (Thread t : nodes) {
                t.join(30_000);
            }
            assertThat(failures).isEmpty();
            Map<String, Integer> byMessageId = new HashMap<>();
            for (MimeMessage m : smtp.getReceivedMessages()) {
                byMessageId.merge(header(m, "Message-ID"), 1, Integer::sum);
            }
            assertThat(smtp.getReceivedMessages()).hasSize(expected);
            assertThat(byMessageId).hasSize(expected).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
            assertThat(count(db, "SELECT COUNT(*) FROM mail_outbox")).isEqualTo(expected);
        } finally {
            smtp.stop();
        }
    }
}
