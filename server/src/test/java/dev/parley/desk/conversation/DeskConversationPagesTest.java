package dev.parley.desk.conversation;

import dev.parley.testing.Multipart;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conversation pages over HTTP: who sees what (notes only staff; hidden is the same
 * not-found page as nonexistent), the staff workspace, CSRF, and bad input to every form, each
 * answered with the API's message on the page and never a 500.
 */
class DeskConversationPagesTest {
    private static final String XSS = "<img src=x onerror=alert(1)>";
    private static TestServer server;
    private static DeskUser customer;
    private static DeskUser staff;
    private static DeskUser outsider;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        customer = DeskUser.signIn(server, "customer-owner");
        staff = DeskUser.signIn(server, "employee");
        outsider = DeskUser.signIn(server, "outsider");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void customerSeesTheirConversationAndTheReplyButNeverTheNote() {
        String id = customer.create("Shop answers 502", "Since **10:00** our shop answers 502.", "customer:" + server.demoCustomerId());
        assertThat(staff.submit("/conversations/" + id + "/messages", "messageContent", "FPM pool exhausted", "internal", "1").status())
                .isEqualTo(303);
        DeskUser.Answer replied = staff.submit("/conversations/" + id + "/messages", "messageContent", "We restarted PHP-FPM.", "internal", "0");
        assertThat(replied.status()).isEqualTo(303);
        assertThat(replied.location()).isEqualTo("/conversations/" + id);

        DeskUser.Answer page = customer.get("/conversations/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Shop answers 502", "<strong>10:00</strong>", "We restarted PHP-FPM.",
                "sse-connect=\"/v2/events?conversationId=" + id + "\"", "hx-get=\"/conversations/" + id + "/timeline\"")
                .doesNotContain("FPM pool exhausted", "Internal note", "workspace__queue");
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        // the timeline fragment the stream refreshes: the same rule
        DeskUser.Answer fragment = customer.get("/conversations/" + id + "/timeline");
        assertThat(fragment.status()).isEqualTo(200);
        assertThat(fragment.body()).contains("We restarted PHP-FPM.", "id=\"conversation-status\"", "hx-swap-oob=\"true\"")
                .doesNotContain("FPM pool exhausted", "<html");

        DeskUser.Answer workspace = staff.get("/conversations/" + id);
        assertThat(workspace.status()).isEqualTo(200);
        assertThat(workspace.body()).contains("FPM pool exhausted", "Internal note", "message--note", "workspace__queue",
                "hx-get=\"/queue/rows?compact=1&tab=waitingForUs\"", "Demo GmbH", "Assign to me");
        // the same page by shortId
        String shortId = workspace.body().replaceAll("(?s).*<span>#([^<]+)</span>.*", "$1");
        assertThat(customer.get("/conversations/" + shortId).body()).contains("Shop answers 502");
    }

    @Test
    void hiddenConversationsAnswerExactlyLikeNonexistentOnes() {
        String id = customer.create("Private matter", "only me", "me");
        DeskUser.Answer hidden = outsider.get("/conversations/" + id);
        DeskUser.Answer missing = outsider.get("/conversations/" + UUID.randomUUID());
        DeskUser.Answer garbage = outsider.get("/conversations/not-an-id");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(garbage.status()).isEqualTo(404);
        // the same page; only the language switch's way back names the address asked for
        assertThat(hidden.body().replace(id, "X")).isEqualTo(missing.body().replaceAll("[0-9a-f-]{36}", "X"))
                .isEqualTo(garbage.body().replace("not-an-id", "X")).doesNotContain("Private matter");
        // the fragment and the forms too
        assertThat(outsider.get("/conversations/" + id + "/timeline").status()).isEqualTo(404);
        DeskUser.Answer post = outsider.submit("/conversations/" + id + "/messages", "messageContent", "hi");
        DeskUser.Answer postMissing = outsider.submit("/conversations/" + UUID.randomUUID() + "/messages", "messageContent", "hi");
        assertThat(post.status()).isEqualTo(404);
        assertThat(post.body().replace(id, "X")).isEqualTo(postMissing.body().replaceAll("[0-9a-f-]{36}", "X"));
        assertThat(outsider.submit("/conversations/" + id + "/status", "status", "closed").status()).isEqualTo(404);
    }

    @Test
    void formsWithoutTheirCsrfTokenAreRefused() {
        String id = customer.create("CSRF", "text", "me");
        DeskUser.Answer a = customer.post("/conversations/" + id + "/messages", "messageContent=forged", "text/html", false);
        assertThat(a.status()).isEqualTo(403);
        DeskUser.Answer b = customer.post("/conversations", "title=forged&share=me", "text/html", false);
        assertThat(b.status()).isEqualTo(403);
        assertThat(customer.get("/conversations/" + id).body()).doesNotContain("forged");
    }

    @Test
    void badInputToTheNewConversationFormIsShownWithTheApisMessage() {
        assertBad(customer.submit("/conversations", "title", "   ", "share", "me"), 400, "fewer than 1 characters");
        assertBad(customer.submit("/conversations", "title", "x".repeat(301), "share", "me"), 400, "more than 300 characters");
        assertBad(customer.submit("/conversations", "title", "t", "categoryId", UUID.randomUUID().toString(), "share", "me"),
                400, "no category with this id");
        assertBad(customer.submit("/conversations", "title", "t", "categoryId", "not-a-uuid", "share", "me"), 400, "format");
        // a project the outsider does not belong to
        assertBad(outsider.submit("/conversations", "title", "t", "share", "project:" + server.demoProjectId()), 400,
                "that you may share with");
        assertBad(customer.submit("/conversations", "title", "t", "share", "bogus"), 400, "choose who may see");
        // what was typed stays in the form
        assertThat(customer.submit("/conversations", "title", "", "messageContent", "keep me", "share", "me").body())
                .contains("keep me");
        DeskUser.Answer form = customer.get("/conversations/new");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("name=\"_csrf\"", "Demo GmbH", "Demo Shop", "data-max-bytes");
    }

    @Test
    void badInputToTheConversationFormsIsShownWithTheApisMessage() {
        String id = customer.create("Forms", "text", "customer:" + server.demoCustomerId());
        assertBad(staff.submit("/conversations/" + id + "/status", "status", "bogus"), 400, "allowed values");
        assertBad(customer.submit("/conversations/" + id + "/status", "status", "inProgress"), 403, "Only staff may set");
        assertBad(staff.submit("/conversations/" + id + "/assignee", "assigneeId", customer.userId), 400, "active employee");
        assertBad(staff.submit("/conversations/" + id + "/assignee", "assigneeId", "nobody"), 400, "format");
        assertBad(customer.submit("/conversations/" + id + "/assignee", "assigneeId", "me"), 403, "Only staff");
        assertBad(customer.submit("/conversations/" + id + "/messages", "messageContent", " "), 400, "needs text or files");
        assertBad(customer.submit("/conversations/" + id + "/messages", "messageContent", "x", "internal", "1"), 403,
                "Only staff may write internal notes");
        assertBad(customer.submit("/conversations/" + id + "/messages", "messageContent", "x", "fileIds", "nope"), 400, "format");
        assertBad(customer.submit("/conversations/" + id + "/messages/not-a-uuid", "messageContent", "x"), 400, "format");
        assertBad(customer.submit("/conversations/" + id + "/messages/" + UUID.randomUUID(), "messageContent", "x"), 404, "");
        // the good paths of the same forms
        assertThat(staff.submit("/conversations/" + id + "/assignee", "assigneeId", "me").status()).isEqualTo(303);
        assertThat(staff.get("/conversations/" + id).body()).contains("data-assignee>Erik Employee");
        assertThat(staff.submit("/conversations/" + id + "/status", "status", "waiting").status()).isEqualTo(303);
        assertThat(customer.submit("/conversations/" + id + "/status", "status", "closed").status()).isEqualTo(303);
        assertThat(customer.get("/conversations/" + id).body()).contains("closed this", "Reopen request");
    }

    @Test
    void myLastMessageIsEditableAndAttachmentsGoThroughAccessTokens() {
        String id = customer.create("Files", "first", "me");
        DeskUser.Answer up = customer.upload(id, Multipart.file(XSS + ".png", "image/png", SampleFiles.png(4, 4)));
        assertThat(up.status()).isEqualTo(201);
        String fileId = up.json().path("id").asText();
        assertThat(customer.submit("/conversations/" + id + "/messages", "messageContent", "see the screenshot",
                "fileIds", fileId).status()).isEqualTo(303);
        String page = customer.get("/conversations/" + id).body();
        assertThat(page).contains("/v2/files/" + fileId + "?token=", "class=\"attachment__preview\"", "Edit my message")
                .doesNotContain(XSS);
        String messageId = page.replaceAll("(?s).*action=\"/conversations/" + id + "/messages/([0-9a-f-]{36})\".*", "$1");
        assertThat(customer.submit("/conversations/" + id + "/messages/" + messageId, "messageContent", "edited text").status())
                .isEqualTo(303);
        assertThat(customer.get("/conversations/" + id).body()).contains("edited text");
        // another user cannot upload into it, nor without the header
        assertThat(outsider.upload(id, Multipart.file("a.png", "image/png", SampleFiles.png(2, 2))).status()).isEqualTo(404);
        assertThat(customer.upload(id, Multipart.file("a.exe", "application/octet-stream", SampleFiles.windowsExecutable())).status())
                .isEqualTo(406);
    }

    @Test
    void xssInTitleMessageAndNamesRendersAsText() {
        String id = customer.create(XSS, XSS + " and [link](javascript:alert(1))", "me");
        for (DeskUser u : new DeskUser[]{customer, staff}) {
            String body = u.get("/conversations/" + id).body();
            assertThat(body).doesNotContain(XSS).doesNotContain("href=\"javascript").contains("&lt;img src=x onerror=alert(1)&gt;");
        }
    }

    private static void assertBad(DeskUser.Answer a, int status, String message) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.body()).contains(message).doesNotContain("Exception", "at dev.parley");
        assertThat(a.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    }
}
