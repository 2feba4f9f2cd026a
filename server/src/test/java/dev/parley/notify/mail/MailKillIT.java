package dev.parley.notify.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ParleyProcess;
import dev.parley.testing.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox through {@code kill -9}, on both engines: a real {@code parley serve} queues mails
 * while the SMTP server is down and is killed; after a restart with the server up, each mail
 * arrives exactly once (one Message-ID each, every row marked sent).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MailKillIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final int CONVERSATIONS = 5;
    /** per conversation: the new-conversation mail to the employee, the staff reply to owner and member */
    private static final int MAILS = CONVERSATIONS * 3;

    private Path dataDir;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("parley-mail-kill");
    }

    @AfterEach
    void deleteDataDir() {
        ParleyProcess.deleteTree(dataDir);
    }

    @Test
    void sqliteSendsQueuedMailsOnceAfterKill9() throws Exception {
        killAndRestart("jdbc:sqlite:" + dataDir.resolve("parley.db"), List.of());
    }

    @Test
    void postgresqlSendsQueuedMailsOnceAfterKill9() throws Exception {
        try (TestDatabase database = TestDatabase.createPostgresql()) {
            killAndRestart(database.url(), List.of("--database-url", database.url()));
        }
    }

    private void killAndRestart(String jdbcUrl, List<String> storeArgs) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> args = new ArrayList<>(storeArgs);
        args.addAll(List.of("--smtp-url", "smtp://127.0.0.1:" + port, "--mail-from", MailTestKit.FROM,
                "--reply-mailbox", MailTestKit.MAILBOX, "--mail-retry", "1s"));
        try (ParleyProcess parley = ParleyProcess.serveDemo(dataDir, args.toArray(String[]::new))) {
            ApiClient api = new ApiClient(parley.awaitListening(START));
            JsonNode credentials = ParleyProcess.credentials(dataDir);
            String owner = ParleyProcess.token(credentials, "customer-owner");
            String employee = ParleyProcess.token(credentials, "employee");
            String customer = credentials.path("customers").get(0).path("customerId").asText();
            for (int i = 0; i < CONVERSATIONS; i++) {
                String id = api.newConversation(owner, Map.of("title", "Killed " + i,
                        "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", customer)));
                api.createMessage(employee, id, Map.of("messageContent", "answer " + i)).assertStatus(201);
            }
            MailTestKit.await("the mails queued and tried", () -> count(jdbcUrl,
                    "SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending' AND attempts >= 1") == MAILS);
            parley.kill9();
        }
        assertThat(count(jdbcUrl, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'sent'")).isZero();

        GreenMail smtp = MailTestKit.greenMail(port);
        try (ParleyProcess parley = ParleyProcess.serveDemo(dataDir, args.toArray(String[]::new))) {
            parley.awaitListening(START);
            assertThat(smtp.waitForIncomingEmail(60_000, MAILS)).as(parley.output()).isTrue();
            MailTestKit.await("every mail marked sent", () -> count(jdbcUrl,
                    "SELECT COUNT(*) FROM mail_outbox WHERE status = 'sent'") == MAILS);
            Thread.sleep(2000); // a mail sent twice would arrive now
            Map<String, Integer> byMessageId = new HashMap<>();
            for (MimeMessage m : smtp.getReceivedMessages()) {
                byMessageId.merge(m.getHeader("Message-ID")[0], 1, Integer::sum);
            }
            assertThat(smtp.getReceivedMessages()).hasSize(MAILS);
            assertThat(byMessageId).hasSize(MAILS).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
            parley.sigterm();
            assertThat(parley.awaitExit(Duration.ofSeconds(60))).as(parley.output()).isEqualTo(0);
        } finally {
            smtp.stop();
        }
    }

    private static long count(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
