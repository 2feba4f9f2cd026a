package dev.parley.desk.lists;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.AccountService;
import dev.parley.testing.ApiClient;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in pages and the lists over HTTP: home by role, sign-in required (also after sign-out),
 * one refusal message for unknown e-mail and wrong password, the customer list shows only what
 * the viewer may see (also through search) with unread markers, the staff queue's tabs and counts
 * equal the API's, its filters, hand-edited addresses answer a page (never 500), CSRF on /account.
 */
class DeskListPagesTest {
    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String token(String role) {
        return server.user(role).token();
    }

    private static String create(String role, String title) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        return api.newConversation(token(role), body);
    }

    /** The list row (li) that holds {@code text}, or null. */
    private static String row(String html, String text) {
        Matcher m = Pattern.compile("<li class=\"[^\"]*list__row[^\"]*\"[^>]*>.*?</li>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            if (m.group().contains(text)) {
                return m.group();
            }
        }
        return null;
    }

    private static String word() {
        return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Test
    void homeDependsOnWhoIsSignedIn() {
        assertThat(new PageClient(server).get("/").location()).isEqualTo("/sign-in");
        assertThat(new PageClient(server).signInAs("customer-owner").get("/").location()).isEqualTo("/conversations");
        assertThat(new PageClient(server).signInAs("employee").get("/").location()).isEqualTo("/queue");
    }

    @Test
    void pagesWithoutASessionGoToSignInAndComeBack() {
        PageClient anonymous = new PageClient(server);
        for (String path : List.of("/conversations", "/queue", "/account", "/queue/rows?tab=closed")) {
            PageClient.Answer a = anonymous.get(path);
            assertThat(a.status()).as(path).isEqualTo(303);
            assertThat(a.location()).as(path).isEqualTo("/sign-in?next=" + PageClient.enc(path));
        }
        PageClient staff = new PageClient(server).signInAs("employee");
        assertThat(staff.get("/queue").status()).isEqualTo(200);
        assertThat(staff.post("/sign-out", "text/html", "_csrf", staff.csrf).location()).isEqualTo("/sign-in");
        // the browser still holding the old cookie is signed out as well
        PageClient stale = new PageClient(server).signInAs("employee");
        String old = stale.cookie;
        stale.post("/sign-out", "text/html", "_csrf", stale.csrf);
        stale.cookie = old;
        assertThat(stale.get("/queue").location()).isEqualTo("/sign-in?next=%2Fqueue");
    }

    @Test
    void aLiveRefreshWithoutSessionSendsTheWholePageToSignIn() throws Exception {
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/queue/rows?tab=closed")).header("HX-Request", "true").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("HX-Redirect")).hasValue("/sign-in?next=%2Fqueue");
    }

    @Test
    void signInRefusalsSayTheSameForUnknownEmailAndWrongPassword() {
        PageClient c = new PageClient(server);
        PageClient.Answer unknown = c.post("/sign-in", "text/html", "email", "nobody@nowhere.example", "password", "whatever12345",
                "next", "/queue");
        PageClient.Answer wrong = c.post("/sign-in", "text/html", "email", "customer-member@demo.example.com",
                "password", "not the password", "next", "/queue");
        assertThat(unknown.location()).isEqualTo(wrong.location()).startsWith("/sign-in?error=invalid");
        String page = c.get(wrong.location()).body();
        assertThat(page).contains("The e-mail address or the password is wrong.", "name=\"next\" value=\"/queue\"",
                "action=\"/sign-in\"", "autocomplete=\"current-password\"");
        assertThat(c.get("/sign-in?error=throttled").body()).contains("Too many failed attempts");
        assertThat(c.get("/sign-in").body()).doesNotContain("alert--error");
        // German
        assertThat(c.get("/lang/de?next=%2Fsign-in").status()).isEqualTo(303);
        // an outside next is not echoed back
        assertThat(c.get("/sign-in?next=//evil.example").body()).contains("name=\"next\" value=\"/\"");
    }

    @Test
    void theCustomerListShowsOnlyWhatTheViewerMaySee() {
        String w = word();
        create("customer-owner", "Owner visible " + w);
        create("outsider", "Outsider hidden " + w);
        PageClient owner = new PageClient(server).signInAs("customer-owner");
        String list = owner.get("/conversations").body();
        assertThat(list).contains("Owner visible " + w, "href=\"/conversations/new\"").doesNotContain("Outsider hidden");
        String search = owner.get("/conversations?q=" + w).body();
        assertThat(search).contains("Owner visible " + w).doesNotContain("Outsider hidden");
        assertThat(owner.get("/conversations?q=Outsider+" + w).body()).doesNotContain("Outsider hidden")
                .contains("No matches");
        assertThat(new PageClient(server).signInAs("outsider").get("/conversations?q=" + w).body())
                .contains("Outsider hidden " + w).doesNotContain("Owner visible");
        // status tabs: a closed one is under closed, not under open
        String closed = create("customer-owner", "Closed one " + w);
        api.setStatus(token("customer-owner"), closed, "closed").assertStatus(200);
        assertThat(owner.get("/conversations?tab=closed&q=" + w).body()).contains("Closed one").doesNotContain("Owner visible");
        assertThat(owner.get("/conversations?tab=open&q=" + w).body()).contains("Owner visible").doesNotContain("Closed one");
    }

    @Test
    void aConversationSomebodyElseWroteInIsMarkedUnread() {
        String w = word();
        String id = create("customer-owner", "Unread test " + w);
        PageClient owner = new PageClient(server).signInAs("customer-owner");
        assertThat(row(owner.get("/conversations?q=" + w).body(), "Unread test")).doesNotContain("list__row--unread");
        api.createMessage(token("employee"), id, Map.of("messageContent", "We are on it")).assertStatus(201);
        String r = row(owner.get("/conversations?q=" + w).body(), "Unread test");
        assertThat(r).contains("list__row--unread", "unread-dot", "New activity");
        // the customer's own message does not count
        String mine = create("customer-owner", "Own write " + w);
        api.createMessage(token("customer-owner"), mine, Map.of("messageContent", "more")).assertStatus(201);
        assertThat(row(owner.get("/conversations?q=" + w).body(), "Own write")).doesNotContain("list__row--unread");
    }

    @Test
    void theQueueTabsAndCountsAreTheApis() {
        String w = word();
        String a = create("customer-owner", "Queue A " + w);
        create("customer-member", "Queue B " + w);
        String c = create("customer-owner", "Queue C " + w);
        api.setStatus(token("employee"), c, "answered").assertStatus(200);
        PageClient staff = new PageClient(server).signInAs("employee");
        String page = staff.get("/queue?q=" + w).body();
        JsonNode counts = api.call("parley-count-conversation-queue", "GET", "/v2/conversation-queue/counts?fullTextSearch=" + w)
                .token(token("employee")).send().json();
        for (String tab : List.of("waitingForUs", "inProgress", "waitingForCustomer", "answered", "closed")) {
            assertThat(page).contains("data-count=\"" + tab + "\">" + counts.path(tab).asLong() + "<");
        }
        assertThat(counts.path("waitingForUs").asLong()).isEqualTo(2);
        assertThat(page).contains("Queue A " + w, "Queue B " + w).doesNotContain("Queue C");
        assertThat(staff.get("/queue?tab=answered&q=" + w).body()).contains("Queue C").doesNotContain("Queue A");
        // waiting for us: oldest first
        assertThat(page.indexOf("Queue A")).isLessThan(page.indexOf("Queue B"));
        // the live part and its compact form
        String rows = staff.get("/queue/rows?q=" + w).body();
        assertThat(rows).doesNotContain("<html").contains("data-count=\"waitingForUs\">2<", "Queue A");
        String compact = staff.get("/queue/rows?compact=1&q=" + w).body();
        assertThat(compact).doesNotContain("<html", "data-count").contains("href=\"/conversations/" + a + "\"", "Queue A");
        assertThat(page).contains("sse-connect=\"/v2/events\"", "sse:ConversationCreated", "sse:MessageCreated");
    }

    @Test
    void theQueueFilters() {
        String w = word();
        JsonNode categories = api.listCategories(token("employee")).json();
        String cat1 = categories.get(0).path("categoryId").asText();
        String cat2 = categories.get(1).path("categoryId").asText();
        String id = api.newConversation(token("customer-owner"), Map.of("title", "Filtered " + w, "categoryId", cat1));
        PageClient staff = new PageClient(server).signInAs("employee");
        assertThat(staff.get("/queue?q=" + w + "&categoryId=" + cat1).body()).contains("Filtered " + w);
        assertThat(staff.get("/queue?q=" + w + "&categoryId=" + cat2).body()).doesNotContain("Filtered " + w);
        assertThat(staff.get("/queue?q=" + w + "&assignee=none").body()).contains("Filtered " + w);
        assertThat(staff.get("/queue?q=" + w + "&assignee=me").body()).doesNotContain("Filtered " + w);
        api.call("parley-set-conversation-assignment", "PUT", "/v2/conversations/" + id + "/assignment")
                .token(token("employee")).json(Map.of("assigneeId", server.user("employee").userId())).send().assertStatus(200);
        assertThat(staff.get("/queue?q=" + w + "&assignee=me").body()).contains("Filtered " + w);
        assertThat(staff.get("/queue?q=" + w + "&assignee=" + server.user("employee").userId()).body()).contains("Filtered " + w);
        assertThat(staff.get("/queue?q=" + w + "&olderThanHours=2").body()).doesNotContain("Filtered " + w);
        assertThat(staff.get("/queue?q=" + w + "&olderThanHours=0").body()).contains("Filtered " + w);
        assertThat(staff.get("/queue?q=" + w + "&customerId=" + server.outsiderCustomerId()).body()).doesNotContain("Filtered " + w);
    }

    @Test
    void handEditedAddressesGetAPageNeverAnError() {
        PageClient staff = new PageClient(server).signInAs("employee");
        PageClient customer = new PageClient(server).signInAs("customer-owner");
        List<String> bad = List.of("skip=-5", "limit=100000000", "limit=0", "limit=abc", "tab=nonsense", "categoryId=not-a-uuid",
                "customerId=%27%3B--", "projectId=123", "assignee=someone", "olderThanHours=garbage", "olderThanHours=-3",
                "olderThanHours=99999999999999999999999", "skip=99999999999999999999", "q=" + "x".repeat(600));
        for (String query : bad) {
            for (String path : List.of("/queue?", "/queue/rows?", "/queue/rows?compact=1&")) {
                PageClient.Answer a = staff.get(path + query);
                assertThat(a.status()).as(path + query).isEqualTo(200);
                if (path.equals("/queue?")) {
                    assertThat(a.body()).as(query).contains("could not be used");
                }
            }
            PageClient.Answer list = customer.get("/conversations?" + query);
            assertThat(list.status()).as(query).isEqualTo(200);
        }
        assertThat(customer.get("/conversations?skip=-1").body()).contains("could not be used");
        assertThat(customer.get("/conversations?tab=weird").body()).contains("could not be used");
        assertThat(staff.get("/queue?limit=100000000").body()).contains("limit");
    }

    @Test
    void customersDoNotHaveAQueue() {
        PageClient customer = new PageClient(server).signInAs("customer-owner");
        for (String path : List.of("/queue", "/queue/rows", "/queue/rows?compact=1")) {
            PageClient.Answer a = customer.get(path);
            assertThat(a.status()).as(path).isEqualTo(404);
            assertThat(a.body()).contains("Page not found");
        }
    }

    @Test
    void theAccountPageChangesThePasswordWithItsCsrfToken() {
        PageClient c = new PageClient(server).signInAs("project-member");
        String page = c.get("/account").body();
        assertThat(page).contains("project-member@demo.example.com", "name=\"_csrf\" value=\"" + c.csrf + "\"");
        assertThat(c.post("/account", "text/html", "current", "x", "password", "a new password!", "password2", "a new password!")
                .status()).isEqualTo(403);
        assertThat(c.post("/account", "text/html", "_csrf", "wrong", "current", "x", "password", "a", "password2", "a")
                .status()).isEqualTo(403);
        assertThat(c.post("/account", "text/html", "_csrf", c.csrf, "current", "wrong one", "password", "a new password!",
                "password2", "a new password!").location()).isEqualTo("/account?error=current");
        assertThat(c.get("/account?error=current").body()).contains("The current password is wrong.");
        assertThat(c.post("/account", "text/html", "_csrf", c.csrf, "current", "x", "password", "one thing here",
                "password2", "another thing").location()).isEqualTo("/account?error=mismatch");
    }

    @Test
    void theInvitationPage() {
        PageClient c = new PageClient(server);
        PageClient.Answer invalid = c.get("/invite/" + "A".repeat(43));
        assertThat(invalid.status()).isEqualTo(410);
        assertThat(invalid.body()).contains("This invitation link no longer works");
        assertThat(c.get("/invite/short").status()).isEqualTo(404);
        String token = AccountService.invite(server.parley().database(), server.user("customer-member").userId(), Duration.ofHours(1));
        String form = c.get("/invite/" + token).body();
        assertThat(form).contains("action=\"/invite/" + token + "\"", "name=\"password2\"", "Choose your password");
        assertThat(c.get("/invite/" + token + "?error=mismatch").body()).contains("The two new passwords differ.");
    }

    @Test
    void titlesAndNamesAreText() {
        String w = word();
        create("customer-owner", "<script>alert(1)</script><img src=x onerror=alert(2)> " + w);
        String list = new PageClient(server).signInAs("customer-owner").get("/conversations?q=" + w).body();
        assertThat(list).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert", "<img src=x");
        String queue = new PageClient(server).signInAs("employee").get("/queue?q=" + w).body();
        assertThat(queue).contains("&lt;script&gt;").doesNotContain("<script>alert", "<img src=x");
    }
}
