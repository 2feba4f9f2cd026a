package dev.parley.notify.mail;

import com.icegreen.greenmail.util.GreenMail;
import dev.parley.identity.IdentityRepository;
import dev.parley.notify.ReplyAddresses;
import dev.parley.testing.ApiClient;
import dev.parley.testing.TestServer;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static dev.parley.notify.mail.MailTestKit.awaitQuiet;
import static dev.parley.notify.mail.MailTestKit.header;
import static dev.parley.notify.mail.MailTestKit.part;
import static dev.parley.notify.mail.MailTestKit.subject;
import static dev.parley.notify.mail.MailTestKit.to;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notification mails end to end: the API writes, GreenMail receives. Who gets which mail (the
 * demo's customer: owner and member see a conversation shared with it, the project member does
 * not), the headers mail clients thread and handle them by, the signed Reply-To, languages,
 * Markdown made safe, staff notes, the actor, deactivated users, lost access, opt-outs, and a
 * conversation an employee opens for the customer (to the customer side and the other staff).
 */
class MailOutTest {
    static GreenMail smtp;
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String member;
    static String projectMember;
    static String employee;
    static String ownerMail = "customer-owner@demo.example.com";
    static String memberMail = "customer-member@demo.example.com";
    static String employeeMail = "employee@demo.example.com";

    @BeforeAll
    static void start() {
        smtp = MailTestKit.greenMail();
        server = TestServer.start(b -> b.mail(MailTestKit.settings(smtp.getSmtp().getPort())).publicUrl("https://desk.example.com"));
        api = server.client();
        owner = server.user("customer-owner").token();
        member = server.user("customer-member").token();
        projectMember = server.user("project-member").token();
        employee = server.user("employee").token();
    }

    @AfterAll
    static void stop() {
        server.close();
        smtp.stop();
    }

    @BeforeEach
    void quiet() throws Exception {
        awaitQuiet(server.parley().database());
        smtp.purgeEmailFromAllMailboxes();
    }

    private String sharedConversation(String title) {
        return api.newConversation(owner, Map.of("title", title, "messageContent", "Hello, it is **broken**.",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
    }

    private void reply(String token, String id, String text) {
        api.createMessage(token, id, Map.of("messageContent", text)).assertStatus(201);
    }

    private String shortId(String id) {
        return api.getConversation(owner, id).assertStatus(200).json().path("shortId").asText();
    }

    @Test
    void aNewConversationGoesToStaffAndAStaffReplyToTheCustomerSide() throws Exception {
        String id = sharedConversation("Checkout broken");
        awaitQuiet(server.parley().database());
        // no assignee, no followers: every active employee; never the customer who wrote it
        assertThat(to(smtp, employeeMail)).hasSize(1);
        assertThat(to(smtp, ownerMail)).isEmpty();
        MimeMessage created = to(smtp, employeeMail).get(0);
        assertThat(subject(created)).isEqualTo("[" + shortId(id) + "] New conversation: Checkout broken");
        assertThat(part(created, "text/plain")).contains("Olivia Owner opened the conversation")
                .contains("Hello, it is **broken**.")
                .contains("https://desk.example.com/conversations/" + shortId(id));

        smtp.purgeEmailFromAllMailboxes();
        reply(employee, id, "We are on it.");
        awaitQuiet(server.parley().database());
        // the customer's owner (creator, main user) and member see it; the project member does not; not the author
        assertThat(to(smtp, ownerMail)).hasSize(1);
        assertThat(to(smtp, memberMail)).hasSize(1);
        assertThat(to(smtp, "project-member@demo.example.com")).isEmpty();
        assertThat(to(smtp, employeeMail)).isEmpty();
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        MimeMessage toMember = to(smtp, memberMail).get(0);
        assertThat(part(toMember, "text/plain")).contains("Erik Employee replied in").contains("We are on it.");
    }

    @Test
    void aConversationAnEmployeeOpensGoesToTheCustomerSideAndToTheOtherStaff() throws Exception {
        String second = server.parley().database().write(h -> IdentityRepository.createUser(h, "Sam Staff", "sam@staff.example.com", true));
        String memberId = server.user("customer-member").userId();
        try {
            String id = api.newConversation(employee, Map.of("title", "Your invoice", "messageContent", "We found a **mistake**.",
                    "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
            awaitQuiet(server.parley().database());
            // the customer side (owner as main user, member): staff-opened with the first message
            assertThat(to(smtp, ownerMail)).hasSize(1);
            assertThat(to(smtp, memberMail)).hasSize(1);
            for (MimeMessage m : List.of(to(smtp, ownerMail).get(0), to(smtp, memberMail).get(0))) {
                assertThat(subject(m)).isEqualTo("[" + shortId(id) + "] Your invoice");
                assertThat(part(m, "text/plain")).contains("Erik Employee opened the conversation \u201cYour invoice\u201d for you:")
                        .contains("We found a **mistake**.")
                        .contains("https://desk.example.com/conversations/" + shortId(id));
                assertThat(part(m, "text/html")).contains("<strong>mistake</strong>");
                assertThat(header(m, "List-Unsubscribe")).contains("/staff-opened/");
            }
            // not who does not see it, not the author; the other staff hear of the new conversation as before
            assertThat(to(smtp, "project-member@demo.example.com")).isEmpty();
            assertThat(to(smtp, "outsider@demo.example.com")).isEmpty();
            assertThat(to(smtp, employeeMail)).isEmpty();
            assertThat(to(smtp, "sam@staff.example.com")).hasSize(1);
            assertThat(subject(to(smtp, "sam@staff.example.com").get(0))).isEqualTo("[" + shortId(id) + "] New conversation: Your invoice");
            assertThat(smtp.getReceivedMessages()).hasSize(3);
            List<String> kinds = server.parley().database().read(h -> h.createQuery(
                    "SELECT kind FROM mail_outbox WHERE conversation_id = :c ORDER BY kind").bind("c", id).mapTo(String.class).list());
            assertThat(kinds).containsExactly("new-conversation", "staff-opened", "staff-opened");

            // a customer who turned staff-opened off gets none; staff replies still come
            server.parley().database().write(h -> {
                NotificationSettings.setOptOut(h, memberId, "staff-opened", true);
                return null;
            });
            smtp.purgeEmailFromAllMailboxes();
            String next = api.newConversation(employee, Map.of("title", "Another", "messageContent", "Hello again",
                    "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
            awaitQuiet(server.parley().database());
            assertThat(to(smtp, memberMail)).isEmpty();
            assertThat(to(smtp, ownerMail)).extracting(MailTestKit::subject).containsExactly("[" + shortId(next) + "] Another");
            reply(employee, next, "One more thing");
            awaitQuiet(server.parley().database());
            assertThat(to(smtp, memberMail)).hasSize(1);

            // a conversation a customer opens still goes to staff only
            smtp.purgeEmailFromAllMailboxes();
            sharedConversation("From the customer");
            awaitQuiet(server.parley().database());
            assertThat(to(smtp, ownerMail)).isEmpty();
            assertThat(to(smtp, memberMail)).isEmpty();
            assertThat(to(smtp, employeeMail)).hasSize(1);
            assertThat(to(smtp, "sam@staff.example.com")).hasSize(1);
            assertThat(smtp.getReceivedMessages()).extracting(MailTestKit::subject).allMatch(t -> t.contains("New conversation: "));
        } finally {
            server.parley().database().write(h -> {
                NotificationSettings.setOptOut(h, memberId, "staff-opened", false);
                IdentityRepository.setUserActive(h, second, false);
                return null;
            });
        }
    }

    @Test
    void headersThreadOneConversationAndTheReplyToNamesItsRecipient() throws Exception {
        String id = sharedConversation("Threading");
        reply(employee, id, "First answer");
        awaitQuiet(server.parley().database());
        reply(employee, id, "Second answer");
        awaitQuiet(server.parley().database());
        List<MimeMessage> mails = to(smtp, ownerMail);
        assertThat(mails).hasSize(2);
        String root = "<conversation-" + id + "@example.com>";
        for (MimeMessage m : mails) {
            assertThat(header(m, "Message-ID")).matches("<mail-[0-9]+@example\\.com>");
            assertThat(header(m, "In-Reply-To")).isEqualTo(root);
            assertThat(header(m, "References")).isEqualTo(root);
            assertThat(header(m, "Auto-Submitted")).isEqualTo("auto-generated");
            assertThat(header(m, "List-Unsubscribe")).matches("<https://desk\\.example\\.com/mail/unsubscribe/[^>]+/staff-reply/[0-9a-f]{32}>");
            assertThat(header(m, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
            assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("support@example.com");
            String replyTo = ((InternetAddress) m.getReplyTo()[0]).getAddress();
            String token = ReplyAddresses.tokenIn(MailTestKit.MAILBOX, replyTo).orElseThrow();
            var named = server.parley().database().read(h -> ReplyAddresses.resolve(h, token)).orElseThrow();
            assertThat(named.conversationId()).isEqualTo(id);
            assertThat(named.userId()).isEqualTo(server.user("customer-owner").userId());
        }
        assertThat(header(mails.get(0), "Message-ID")).isNotEqualTo(header(mails.get(1), "Message-ID"));
        // the member's mails name the member
        String memberReplyTo = ((InternetAddress) to(smtp, memberMail).get(0).getReplyTo()[0]).getAddress();
        String memberToken = ReplyAddresses.tokenIn(MailTestKit.MAILBOX, memberReplyTo).orElseThrow();
        assertThat(server.parley().database().read(h -> ReplyAddresses.resolve(h, memberToken)).orElseThrow().userId())
                .isEqualTo(server.user("customer-member").userId());
    }

    @Test
    void staffNotesAreNeverMailedToCustomersAndNobodyGetsTheirOwnMessage() throws Exception {
        String id = sharedConversation("Notes");
        awaitQuiet(server.parley().database());
        smtp.purgeEmailFromAllMailboxes();
        api.createMessage(employee, id, Map.of("messageContent", "internal: customer is grumpy", "internal", true)).assertStatus(201);
        awaitQuiet(server.parley().database());
        assertThat(smtp.getReceivedMessages()).isEmpty();
        long rows = server.parley().database().read(h -> h.createQuery(
                "SELECT COUNT(*) FROM mail_events WHERE conversation_id = :c AND type = 'MessageCreated'")
                .bind("c", id).mapTo(Long.class).one());
        assertThat(rows).as("a note leaves no mail event").isZero();

        // a customer message goes to staff, not back to its author nor to other customers
        reply(member, id, "Any news?");
        awaitQuiet(server.parley().database());
        assertThat(to(smtp, employeeMail)).hasSize(1);
        assertThat(subject(to(smtp, employeeMail).get(0))).isEqualTo("[" + shortId(id) + "] Notes");
        assertThat(to(smtp, memberMail)).isEmpty();
        assertThat(to(smtp, ownerMail)).isEmpty();
    }

    @Test
    void statusChangesReachTheCustomerSideOnce() throws Exception {
        String id = sharedConversation("Status");
        awaitQuiet(server.parley().database());
        smtp.purgeEmailFromAllMailboxes();
        api.setStatus(employee, id, "inProgress").assertStatus(200);
        api.setStatus(employee, id, "inProgress").assertStatus(200); // no change: no mail
        awaitQuiet(server.parley().database());
        assertThat(to(smtp, ownerMail)).hasSize(1);
        assertThat(to(smtp, memberMail)).hasSize(1);
        assertThat(subject(to(smtp, ownerMail).get(0))).isEqualTo("[" + shortId(id) + "] Status in progress: Status");
        assertThat(part(to(smtp, ownerMail).get(0), "text/plain")).contains("set the status of \u201cStatus\u201d to in progress.");
    }

    @Test
    void aGermanUserGetsGermanMails() throws Exception {
        String memberId = server.user("customer-member").userId();
        server.parley().database().write(h -> {
            NotificationSettings.setLanguage(h, memberId, "de");
            return null;
        });
        try {
            String id = sharedConversation("Sprache");
            reply(employee, id, "Wir sind dran.");
            awaitQuiet(server.parley().database());
            MimeMessage german = to(smtp, memberMail).get(0);
            assertThat(part(german, "text/plain")).contains("Erik Employee hat in \u201eSprache\u201c geantwortet:")
                    .contains("Anfrage \u00f6ffnen").contains("Wir sind dran.");
            assertThat(part(german, "text/html")).contains("<html lang=\"de\">");
            assertThat(part(to(smtp, ownerMail).get(0), "text/plain")).contains("Erik Employee replied in");
        } finally {
            server.parley().database().write(h -> {
                NotificationSettings.setLanguage(h, memberId, "en");
                return null;
            });
        }
    }

    @Test
    void markdownIsRenderedSafely() throws Exception {
        String id = sharedConversation("Markdown");
        reply(employee, id, "**Fixed** <script>alert('x')</script> [site](javascript:alert(1)) <img src=x onerror=alert(2)>");
        awaitQuiet(server.parley().database());
        String html = part(to(smtp, ownerMail).get(0), "text/html");
        assertThat(html).contains("<strong>Fixed</strong>");
        assertThat(html.toLowerCase()).doesNotContain("<script").doesNotContain("javascript:").doesNotContain("<img");
        assertThat(html).doesNotContainPattern("<[^>]*onerror");
    }

    @Test
    void theTitleIsEscapedInTheHtmlPart() throws Exception {
        String id = sharedConversation("<b>bold</b> & co");
        reply(employee, id, "ok");
        awaitQuiet(server.parley().database());
        String html = part(to(smtp, ownerMail).get(0), "text/html");
        assertThat(html).contains("&lt;b&gt;bold&lt;/b&gt; &amp; co").doesNotContain("<b>bold</b>");
    }

    @Test
    void lineBreaksInTitlesAndNamesCannotAddHeaders() throws Exception {
        String ownerId = server.user("customer-owner").userId();
        server.parley().database().write(h -> h.createUpdate("UPDATE users SET clear_name = :n WHERE user_id = :u")
                .bind("n", "Olivia\r\nBcc: evil@example.com").bind("u", ownerId).execute());
        try {
            String id = sharedConversation("Title");
            server.parley().database().write(h -> h.createUpdate("UPDATE conversations SET title = :t WHERE conversation_id = :c")
                    .bind("t", "Hello\r\nBcc: evil@example.com\r\nX-Evil: 1").bind("c", id).execute());
            reply(employee, id, "ok");
            awaitQuiet(server.parley().database());
            assertThat(to(smtp, "evil@example.com")).isEmpty();
            MimeMessage m = to(smtp, ownerMail).get(0);
            assertThat(m.getHeader("Bcc")).isNull();
            assertThat(m.getHeader("X-Evil")).isNull();
            assertThat(subject(m)).isEqualTo("[" + shortId(id) + "] Hello Bcc: evil@example.com X-Evil: 1");
            assertThat(to(m)).containsExactly(ownerMail);
        } finally {
            server.parley().database().write(h -> h.createUpdate("UPDATE users SET clear_name = 'Olivia Owner' WHERE user_id = :u")
                    .bind("u", ownerId).execute());
        }
    }

    @Test
    void attachmentsAreLinksThatOpenTheFile() throws Exception {
        String id = sharedConversation("Files");
        String fileId = api.upload(employee, id, "report.txt", "text/plain", "the report".getBytes()).path("id").asText();
        api.createMessage(employee, id, Map.of("messageContent", "See the report", "fileIds", List.of(fileId))).assertStatus(201);
        awaitQuiet(server.parley().database());
        String text = part(to(smtp, memberMail).get(0), "text/plain");
        assertThat(text).contains("report.txt: https://desk.example.com/v2/files/" + fileId + "?token=");
        String token = java.net.URLDecoder.decode(text.replaceAll("(?s).*\\?token=([^\\s]+).*", "$1"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(api.download(fileId, token).assertStatus(200).text()).isEqualTo("the report");
    }

    @Test
    void deactivatedUsersAndUsersWhoLostAccessGetNothing() throws Exception {
        String id = sharedConversation("Access");
        String memberId = server.user("customer-member").userId();
        server.parley().database().write(h -> IdentityRepository.removeCustomerMember(h, server.demoCustomerId(), memberId));
        try {
            reply(employee, id, "Only the owner sees this");
            awaitQuiet(server.parley().database());
            assertThat(to(smtp, memberMail)).isEmpty();
            assertThat(to(smtp, ownerMail)).hasSize(1);
        } finally {
            server.parley().database().write(h -> {
                IdentityRepository.addCustomerMember(h, server.demoCustomerId(), memberId, "member");
                return null;
            });
        }
        smtp.purgeEmailFromAllMailboxes();
        server.parley().database().write(h -> IdentityRepository.setUserActive(h, memberId, false));
        try {
            reply(employee, id, "Deactivated users get nothing");
            awaitQuiet(server.parley().database());
            assertThat(to(smtp, memberMail)).isEmpty();
            assertThat(to(smtp, ownerMail)).hasSize(1);
        } finally {
            server.parley().database().write(h -> IdentityRepository.setUserActive(h, memberId, true));
        }
    }

    @Test
    void optOutsAreHonouredAndTheUnsubscribeLinkTurnsAKindOff() throws Exception {
        String memberId = server.user("customer-member").userId();
        String id = sharedConversation("Opt-out");
        reply(employee, id, "first");
        awaitQuiet(server.parley().database());
        String link = header(to(smtp, memberMail).get(0), "List-Unsubscribe").replaceAll("^<https://desk\\.example\\.com|>$", "");
        HttpClient http = HttpClient.newHttpClient();
        // a GET (a mail scanner following the link) changes nothing
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + link)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\">");
        assertThat(server.parley().database().<java.util.Set<String>, RuntimeException>read(h -> NotificationSettings.optOuts(h, memberId))).isEmpty();
        // a forged signature is refused
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + link.replaceAll("[0-9a-f]{32}$", "0".repeat(32))))
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                .header("Content-Type", "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(404);
        // one-click POST (RFC 8058)
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + link))
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                .header("Content-Type", "application/x-www-form-urlencoded").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).isEqualTo(200);
        try {
            assertThat(server.parley().database().<java.util.Set<String>, RuntimeException>read(h -> NotificationSettings.optOuts(h, memberId))).containsExactly("staff-reply");
            smtp.purgeEmailFromAllMailboxes();
            reply(employee, id, "second");
            api.setStatus(employee, id, "closed").assertStatus(200);
            awaitQuiet(server.parley().database());
            // staff replies are off for the member; status changes still come
            assertThat(to(smtp, memberMail)).extracting(MailTestKit::subject).containsExactly("[" + shortId(id) + "] Status closed: Opt-out");
            assertThat(to(smtp, ownerMail)).hasSize(2);
        } finally {
            server.parley().database().write(h -> {
                NotificationSettings.setOptOut(h, memberId, "staff-reply", false);
                return null;
            });
        }
    }

    @Test
    void theAssigneeOrTheCategorysFollowersHearOfCustomerMessages() throws Exception {
        String employeeId = server.user("employee").userId();
        String second = server.parley().database().write(h -> IdentityRepository.createUser(h, "Sina Second", "second@staff.example.com", true));
        String third = server.parley().database().write(h -> IdentityRepository.createUser(h, "Tom Third", "third@staff.example.com", true));
        String category = api.listCategories(owner).assertStatus(200).json().get(0).path("categoryId").asText();
        try {
            server.parley().database().write(h -> NotificationSettings.follow(h, category, third));
            String id = api.newConversation(owner, Map.of("title", "Followed", "categoryId", category,
                    "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
            awaitQuiet(server.parley().database());
            // a follower, so not everyone
            assertThat(to(smtp, "third@staff.example.com")).hasSize(1);
            assertThat(to(smtp, employeeMail)).isEmpty();
            assertThat(to(smtp, "second@staff.example.com")).isEmpty();

            smtp.purgeEmailFromAllMailboxes();
            api.call("parley-set-conversation-assignment", "PUT", "/v2/conversations/" + id + "/assignment")
                    .token(employee).json(Map.of("assigneeId", second)).send().assertStatus(200);
            reply(member, id, "Hello?");
            awaitQuiet(server.parley().database());
            // assigned: the assignee alone
            assertThat(to(smtp, "second@staff.example.com")).hasSize(1);
            assertThat(to(smtp, "third@staff.example.com")).isEmpty();
            assertThat(to(smtp, employeeMail)).isEmpty();
        } finally {
            server.parley().database().write(h -> {
                NotificationSettings.unfollow(h, category, third);
                IdentityRepository.setUserActive(h, second, false);
                IdentityRepository.setUserActive(h, third, false);
                return null;
            });
        }
        assertThat(employeeId).isNotNull();
    }
}
