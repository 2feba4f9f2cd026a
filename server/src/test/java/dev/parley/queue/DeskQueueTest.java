package dev.parley.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff queue over HTTP: which tab each status and last writer lands in, the order of the
 * tabs, every filter, counts equal to the tabs' totals, who may ask and which inputs are refused.
 * The conversations of one scenario share a unique title word, searched for, so that the class
 * shares one server.
 */
class DeskQueueTest {
    static TestServer server;
    static Desk desk;
    static String owner;
    static String employee;
    static String employeeId;
    static String word;
    static String fresh;       // open, nobody wrote: waitingForUs
    static String customerLast; // open, the customer wrote last: waitingForUs, older
    static String answered;    // staff replied: answered
    static String reopened;    // staff replied, staff set open: inProgress
    static String inProgress;  // staff set inProgress: inProgress
    static String waiting;     // staff set waiting: waitingForCustomer
    static String closed;      // closed
    static String categoryId;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        desk = new Desk(server);
        owner = server.user("customer-owner").token();
        employee = server.user("employee").token();
        employeeId = server.user("employee").userId();
        categoryId = desk.api.listCategories(null).assertStatus(200).json().get(0).path("categoryId").asText();
        word = Desk.unique("queue");
        fresh = desk.create(owner, word + " fresh", desk.projectShare());
        customerLast = desk.create(owner, word + " customer wrote", desk.customerShare());
        desk.message(owner, customerLast, "Our shop answers 502");
        answered = desk.create(owner, word + " answered", null);
        desk.message(owner, answered, "question");
        desk.message(employee, answered, "answer");
        reopened = desk.create(owner, word + " reopened", null);
        desk.message(employee, reopened, "we look into it");
        desk.api.setStatus(employee, reopened, "open").assertStatus(200);
        inProgress = desk.create(owner, word + " in progress", null);
        desk.api.setStatus(employee, inProgress, "inProgress").assertStatus(200);
        waiting = desk.create(owner, word + " waiting", null);
        desk.api.setStatus(employee, waiting, "waiting").assertStatus(200);
        closed = desk.create(owner, word + " closed", null);
        desk.api.updateConversation(owner, closed, Map.of("categoryId", categoryId)).assertStatus(200);
        desk.api.setStatus(owner, closed, "closed").assertStatus(200);
        desk.age(fresh, 3);
        desk.age(customerLast, 5);
        desk.age(reopened, 1);
        desk.age(inProgress, 2);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode tab(String tab, String extra) {
        return desk.queue(employee, "tab=" + tab + "&fullTextSearch=" + word + extra).assertStatus(200).json();
    }

    /** Every conversation of the store in {@code tab}'s order, by a query of its own (the tab's condition as one OR). */
    private static java.util.List<String> everyConversationIn(QueueTab tab) {
        String direction = tab.oldestFirst ? "ASC" : "DESC";
        String id = dev.parley.testing.TestDatabase.isPostgresql() ? "c.conversation_id COLLATE \"C\"" : "c.conversation_id";
        return server.parley().database().read(h -> h.createQuery("SELECT c.conversation_id FROM conversations c WHERE "
                + tab.condition + " ORDER BY c.sort_at " + direction + ", " + id + " " + direction).mapTo(String.class).list());
    }

    /**
     * Without filters a tab is read as its cells merged, counted from the kept counts per
     * status, and kept between changes: every tab and page must still be exactly the tab's
     * conversations in its order, and the counts their numbers, also after a status changed by
     * SQL outside the server (with its event, as another node writes).
     */
    @Test
    void theWholeQueueIsEveryConversationInItsTabInItsOrder() {
        // its own conversation to change (the other tests' conversations keep their tabs)
        String moved = desk.create(owner, Desk.unique("moved") + " elsewhere", null);
        desk.api.setStatus(employee, moved, "waiting").assertStatus(200);
        long reached = 0;
        for (int round = 0; round < 3; round++) {
            JsonNode counts = desk.counts(employee, "", reached).assertStatus(200).json();
            for (QueueTab tab : QueueTab.values()) {
                java.util.List<String> expected = everyConversationIn(tab);
                for (int again = 0; again < 2; again++) { // the second one from what was kept
                    ApiResponse all = desk.queue(employee, "tab=" + tab.apiName + "&limit=10000", reached).assertStatus(200);
                    assertThat(Desk.ids(all.json())).as("%s, round %d", tab, round).isEqualTo(expected);
                    assertThat(all.header("X-Pagination-TotalCount")).as("total of %s", tab).isEqualTo(String.valueOf(expected.size()));
                    ApiResponse page = desk.queue(employee, "tab=" + tab.apiName + "&limit=2&skip=1", reached).assertStatus(200);
                    assertThat(Desk.ids(page.json())).as("page of %s", tab)
                            .isEqualTo(expected.subList(Math.min(1, expected.size()), Math.min(3, expected.size())));
                }
                assertThat(counts.path(tab.apiName).asLong()).as("count of %s", tab).isEqualTo(expected.size());
            }
            // a change made without the server: the kept counts follow (triggers), the kept pages are dropped (event)
            reached = desk.changeOutside(moved, round == 0
                    ? "UPDATE conversations SET status = 'closed' WHERE conversation_id = :id"
                    : "UPDATE conversations SET status = 'open', sort_at = 1 WHERE conversation_id = :id");
        }
    }

    /**
     * The unfiltered first page of a tab, asked again and again as a desk polls it, follows each
     * change made through the API: a status, an assignment, a message, and what the caller read
     * (which is the caller's own and appends no event).
     */
    @Test
    void aPolledQueuePageFollowsEveryChange() {
        String id = desk.create(owner, Desk.unique("polled") + " page", null);
        desk.message(owner, id, "please look");
        desk.api.setStatus(employee, id, "inProgress").assertStatus(200);
        JsonNode first = desk.queue(employee, "tab=inProgress&limit=3").assertStatus(200).json();
        assertThat(first.get(0).path("conversation").path("conversationId").asText()).isEqualTo(id);
        assertThat(first.get(0).path("assigneeId").isNull()).isTrue();
        assertThat(first.get(0).path("unread").asBoolean()).isTrue();
        long inProgressCount = desk.counts(employee, "").assertStatus(200).json().path("inProgress").asLong();

        desk.assign(employee, id, Map.of("assigneeId", employeeId)).assertStatus(200);
        JsonNode assigned = desk.queue(employee, "tab=inProgress&limit=3").assertStatus(200).json();
        assertThat(assigned.get(0).path("assigneeId").asText()).isEqualTo(employeeId);

        desk.markRead(employee, id).assertStatus(200);
        assertThat(desk.queue(employee, "tab=inProgress&limit=3").assertStatus(200).json().get(0).path("unread").asBoolean())
                .as("read by the caller").isFalse();
        assertThat(desk.queue(desk.user(Desk.unique("Other"), true)[1], "tab=inProgress&limit=3").assertStatus(200).json()
                .get(0).path("unread").asBoolean()).as("not read by another employee").isTrue();

        desk.api.updateConversation(owner, id, Map.of("title", "renamed while kept")).assertStatus(200);
        assertThat(desk.queue(employee, "tab=inProgress&limit=3").assertStatus(200).json().get(0)
                .path("conversation").path("title").asText()).isEqualTo("renamed while kept");

        desk.api.setStatus(employee, id, "waiting").assertStatus(200);
        assertThat(Desk.ids(desk.queue(employee, "tab=inProgress&limit=3").assertStatus(200).json())).doesNotContain(id);
        assertThat(Desk.ids(desk.queue(employee, "tab=waitingForCustomer&limit=3").assertStatus(200).json()).get(0)).isEqualTo(id);
        assertThat(desk.counts(employee, "").assertStatus(200).json().path("inProgress").asLong()).isEqualTo(inProgressCount - 1);
    }

    @Test
    void eachStatusAndLastWriterIsInExactlyOneTabInItsOrder() {
        // waiting for us: oldest activity first
        assertThat(Desk.ids(tab("waitingForUs", ""))).containsExactly(customerLast, fresh);
        // the others: newest first
        assertThat(Desk.ids(tab("inProgress", ""))).containsExactly(reopened, inProgress);
        assertThat(Desk.ids(tab("waitingForCustomer", ""))).containsExactly(waiting);
        assertThat(Desk.ids(tab("answered", ""))).containsExactly(answered);
        assertThat(Desk.ids(tab("closed", ""))).containsExactly(closed);
        // no tab parameter: waiting for us
        assertThat(Desk.ids(desk.queue(employee, "fullTextSearch=" + word).assertStatus(200).json()))
                .containsExactly(customerLast, fresh);
    }

    private static int lastByStaff(String conversationId) {
        return server.parley().database().read(h -> h.createQuery(
                "SELECT last_by_staff FROM conversations WHERE conversation_id = :c").bind("c", conversationId)
                .mapTo(Integer.class).one());
    }

    private static void byHand(String sql, String conversationId, String userId) {
        server.parley().database().write(h -> h.createUpdate(sql).bind("c", conversationId).bind("u", userId).execute());
    }

    /**
     * The flag the tabs split open conversations by: set by a message's own write (V19: the row
     * written once) and still corrected by the trigger whoever else writes the author (SQL by
     * hand), both ways, also when the hand-written flag is wrong.
     */
    @Test
    void theLastWriterFlagFollowsTheAuthorWhoeverWritesIt() {
        String ownerId = server.user("customer-owner").userId();
        String c = desk.create(owner, Desk.unique("flag") + " last writer", null);
        desk.message(owner, c, "question");
        assertThat(lastByStaff(c)).isZero();
        desk.message(employee, c, "answer");
        assertThat(lastByStaff(c)).isOne();
        desk.message(employee, c, "one more answer");
        assertThat(lastByStaff(c)).isOne();
        desk.message(owner, c, "thanks");
        assertThat(lastByStaff(c)).isZero();

        byHand("UPDATE conversations SET last_message_by = :u WHERE conversation_id = :c", c, employeeId);
        assertThat(lastByStaff(c)).isOne();
        byHand("UPDATE conversations SET last_message_by = :u WHERE conversation_id = :c", c, ownerId);
        assertThat(lastByStaff(c)).isZero();
        byHand("UPDATE conversations SET last_message_by = :u, last_by_staff = 0 WHERE conversation_id = :c", c, employeeId);
        assertThat(lastByStaff(c)).isOne();
        byHand("UPDATE conversations SET last_message_by = :u, last_by_staff = 1 WHERE conversation_id = :c", c, ownerId);
        assertThat(lastByStaff(c)).isZero();
    }

    @Test
    void itemsSayWhoWroteLastSinceWhenAndWhetherTheCallerReadIt() {
        JsonNode items = tab("waitingForUs", "");
        assertThat(items.get(0).path("lastMessageBy").asText()).isEqualTo("customer");
        assertThat(items.get(1).path("lastMessageBy").isNull()).isTrue();
        assertThat(items.get(0).path("waitingSince").asText()).isLessThan(items.get(1).path("waitingSince").asText());
        assertThat(items.get(0).path("conversation").path("title").asText()).isEqualTo(word + " customer wrote");
        assertThat(tab("answered", "").get(0).path("lastMessageBy").asText()).isEqualTo("staff");
        assertThat(tab("inProgress", "").get(0).path("lastMessageBy").asText()).isEqualTo("staff");
    }

    @Test
    void countsEqualEachTabsTotal() {
        JsonNode counts = desk.counts(employee, "fullTextSearch=" + word).assertStatus(200).json();
        assertThat(counts.path("waitingForUs").asLong()).isEqualTo(2);
        assertThat(counts.path("inProgress").asLong()).isEqualTo(2);
        assertThat(counts.path("waitingForCustomer").asLong()).isEqualTo(1);
        assertThat(counts.path("answered").asLong()).isEqualTo(1);
        assertThat(counts.path("closed").asLong()).isEqualTo(1);
        for (String t : new String[]{"waitingForUs", "inProgress", "waitingForCustomer", "answered", "closed"}) {
            ApiResponse page = desk.queue(employee, "tab=" + t + "&fullTextSearch=" + word + "&limit=1").assertStatus(200);
            assertThat(Long.parseLong(page.header("X-Pagination-TotalCount"))).as(t).isEqualTo(counts.path(t).asLong());
        }
        // unfiltered: the counts add up to every conversation in the store
        JsonNode all = desk.counts(employee, "").assertStatus(200).json();
        long sum = 0;
        for (JsonNode n : all) {
            sum += n.asLong();
        }
        long stored = server.parley().database().read(h -> h.createQuery("SELECT COUNT(*) FROM conversations").mapTo(Long.class).one());
        assertThat(sum).isEqualTo(stored);
    }

    @Test
    void paginationAsTheContractsList() {
        ApiResponse second = desk.queue(employee, "tab=waitingForUs&fullTextSearch=" + word + "&limit=1&skip=1").assertStatus(200);
        assertThat(Desk.ids(second.json())).containsExactly(fresh);
        assertThat(second.header("X-Pagination-TotalCount")).isEqualTo("2");
        assertThat(second.header("X-Pagination-Limit")).isEqualTo("1");
        assertThat(second.header("X-Pagination-Page")).isEqualTo("2");
    }

    @Test
    void filtersByCategoryCustomerProjectAndAge() {
        assertThat(Desk.ids(tab("closed", "&categoryId=" + categoryId))).containsExactly(closed);
        assertThat(Desk.ids(tab("waitingForUs", "&categoryId=" + categoryId))).isEmpty();
        // the customer: shared with it, or with its project
        assertThat(Desk.ids(tab("waitingForUs", "&customerId=" + server.demoCustomerId()))).containsExactly(customerLast, fresh);
        assertThat(Desk.ids(tab("waitingForUs", "&customerId=" + server.outsiderCustomerId()))).isEmpty();
        assertThat(Desk.ids(tab("waitingForUs", "&projectId=" + server.demoProjectId()))).containsExactly(fresh);
        assertThat(Desk.ids(tab("answered", "&customerId=" + server.demoCustomerId()))).isEmpty();
        // last activity at least 4 hours ago: only the one aged 5 hours
        assertThat(Desk.ids(tab("waitingForUs", "&olderThanHours=4"))).containsExactly(customerLast);
        assertThat(desk.counts(employee, "fullTextSearch=" + word + "&olderThanHours=4").json().path("inProgress").asLong()).isZero();
        // a search term no conversation has
        assertThat(tab("waitingForUs", "+" + Desk.unique("nothing")).size()).isZero();
    }

    @Test
    void filtersByAssignee() {
        String w = Desk.unique("assigned");
        String mine = desk.create(owner, w + " mine", null);
        String colleagues = desk.create(owner, w + " colleague", null);
        String nobodys = desk.create(owner, w + " nobody", null);
        String[] colleague = desk.user("Colleague Carl", true);
        desk.assign(employee, mine, Map.of("assigneeId", employeeId)).assertStatus(200);
        desk.assign(employee, colleagues, Map.of("assigneeId", colleague[0])).assertStatus(200);
        String q = "fullTextSearch=" + w;
        assertThat(Desk.ids(desk.queue(employee, q + "&assigneeId=me").json())).containsExactly(mine);
        assertThat(Desk.ids(desk.queue(colleague[1], q + "&assigneeId=me").json())).containsExactly(colleagues);
        assertThat(Desk.ids(desk.queue(employee, q + "&assigneeId=" + colleague[0]).json())).containsExactly(colleagues);
        assertThat(Desk.ids(desk.queue(employee, q + "&assigneeId=none").json())).containsExactly(nobodys);
        assertThat(desk.queue(employee, q + "&assigneeId=me").json().get(0).path("assigneeId").asText()).isEqualTo(employeeId);
        assertThat(desk.counts(employee, q + "&assigneeId=none").json().path("waitingForUs").asLong()).isEqualTo(1);
    }

    @Test
    void unreadFollowsTheCallersReadState() {
        String w = Desk.unique("unread");
        String id = desk.create(owner, w, null);
        desk.message(owner, id, "hello");
        String q = "fullTextSearch=" + w;
        assertThat(desk.queue(employee, q).json().get(0).path("unread").asBoolean()).isTrue();
        desk.markRead(employee, id).assertStatus(200);
        assertThat(desk.queue(employee, q).json().get(0).path("unread").asBoolean()).isFalse();
    }

    @Test
    void customersAreRefusedInTheContractsShape() {
        for (String role : new String[]{"customer-owner", "customer-member", "project-member", "outsider"}) {
            String token = server.user(role).token();
            desk.queue(token, "").assertError(403, "Forbidden");
            desk.counts(token, "").assertError(403, "Forbidden");
        }
        desk.api.call("parley-list-conversation-queue", "GET", "/v2/conversation-queue").send().assertStatus(401);
    }

    @Test
    void badInputsAre400() {
        // unknown tab, negative / oversized / non-numeric limit and skip, ids that are no UUIDs,
        // an assignee that is neither me, none nor a UUID, a negative age
        for (String q : new String[]{"tab=everything", "tab=", "limit=-1", "limit=10001", "limit=ten", "skip=-5",
                "categoryId=abc", "customerId=1%27%20OR%201=1", "projectId=x", "assigneeId=someone", "assigneeId=",
                "olderThanHours=-3", "olderThanHours=1.5"}) {
            desk.queue(employee, q).assertError(400, "ValidationError");
        }
        for (String q : new String[]{"categoryId=abc", "assigneeId=everyone", "olderThanHours=-1"}) {
            desk.counts(employee, q).assertError(400, "ValidationError");
        }
    }
}
