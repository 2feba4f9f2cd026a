package dev.parley.notify.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.identity.DemoDirectory;
import dev.parley.testing.ApiClient;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL database read the same reply mailbox at the same time (every 20 ms,
 * so that they often take the same mail together): each mail becomes exactly one message.
 */
class InboundMailTwoNodesTest {
    private static final int MAILS = 12;

    @Test
    void twoNodesReadingOneMailboxMakeOneMessagePerMail() throws Exception {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "two nodes share a PostgreSQL database only");
        try (ReplyMails mails = new ReplyMails(); TestDatabase db = TestDatabase.create()) {
            List<AutoCloseable> open = new ArrayList<>();
            try {
                readTogether(mails, db, open);
            } finally {
                // the nodes before the mailbox and the database they use
                for (int i = open.size() - 1; i >= 0; i--) {
                    open.get(i).close();
                }
            }
        }
    }

    private static void readTogether(ReplyMails mails, TestDatabase db, List<AutoCloseable> open) throws Exception {
        {
            InboundMailSettings fast = new InboundMailSettings(mails.settings().imapUrl(), ReplyMails.MAILBOX,
                    Duration.ofMillis(20));
            Parley a = node(db, true, fast, open);
            Parley b = node(db, false, fast, open);
            JsonNode owner = user(a.demoCredentials().orElseThrow(), "customer-owner");
            ApiClient api = new ApiClient("http://127.0.0.1:" + a.port());
            String token = owner.path("token").asText();
            String conversationId = api.newConversation(token, Map.of("title", "Two nodes, one mailbox"));
            String to = ReplyMails.replyAddress(b.database(), conversationId, owner.path("userId").asText());

            List<MimeMessage> sent = new ArrayList<>();
            for (int i = 0; i < MAILS; i++) {
                MimeMessage mail = i % 4 == 0
                        ? ReplyMails.reply(DemoDirectory.email("customer-owner"), to, "Reply number " + i,
                        Map.of("screen-" + i + ".png", SampleFiles.png(40, 30)))
                        : ReplyMails.reply(DemoDirectory.email("customer-owner"), to, "Reply number " + i);
                sent.add(mail);
                mails.deliver(mail);
            }
            for (MimeMessage mail : sent) {
                assertThat(ReplyMails.outcome(a.database(), mail)).isEqualTo("accepted");
            }
            List<String> texts = new ArrayList<>();
            int files = 0;
            for (JsonNode entry : new ApiClient("http://127.0.0.1:" + b.port()).listMessages(token, conversationId)
                    .assertStatus(200).json()) {
                if ("MESSAGE".equals(entry.path("type").asText())) {
                    texts.add(entry.path("messageContent").asText());
                    files += entry.path("files").size();
                }
            }
            assertThat(texts).hasSize(MAILS);
            Set<String> distinct = new HashSet<>(texts);
            assertThat(distinct).hasSize(MAILS);
            assertThat(files).isEqualTo((MAILS + 3) / 4);
            long rows = a.database().read(h -> h.createQuery("SELECT COUNT(*) FROM inbound_mails").mapTo(Long.class).one());
            assertThat(rows).isEqualTo(MAILS);
        }
    }

    private static Parley node(TestDatabase db, boolean demo, InboundMailSettings mail, List<AutoCloseable> open)
            throws Exception {
        Path dir = Files.createTempDirectory("parley-mail-node");
        Parley parley = Parley.start(ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(dir)
                .databaseUrl(db.url()).demo(demo).rateLimit(1_000_000, Duration.ofMinutes(1))
                .inboundMail(mail).build());
        open.add(parley);
        return parley;
    }

    private static JsonNode user(JsonNode credentials, String role) {
        for (JsonNode u : credentials.path("users")) {
            if (role.equals(u.path("role").asText())) {
                return u;
            }
        }
        throw new IllegalArgumentException(role);
    }
}
