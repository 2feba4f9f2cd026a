package dev.parley.bench.http;

import dev.parley.bench.targets.BenchTargets;
import dev.parley.bench.targets.BenchTargets.Role;
import dev.parley.bench.targets.SearchKind;
import dev.parley.bench.targets.SearchQuery;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTest {
    static final BenchTargets TARGETS = new BenchTargets(
            IntStream.range(0, 1500).mapToObj(i -> "c" + i).toList(),
            Map.of(Role.CUSTOMER, "tc", Role.EMPLOYEE, "te"), "gateway", "bad gateway");

    @Test
    void getConversationRotatesOverEveryId() {
        List<Request> cycle = Scenario.GET_CONVERSATION.requests(TARGETS);
        assertThat(cycle).hasSize(1500).allMatch(r -> r.method().equals("GET"));
        assertThat(cycle.get(7).path()).isEqualTo("/v2/conversations/c7");
    }

    @Test
    void writersSpreadOverAThousandConversations() {
        List<Request> cycle = Scenario.CREATE_MESSAGE.requests(TARGETS);
        assertThat(cycle).hasSize(1000).allMatch(Request::writes);
        assertThat(cycle.get(0).path()).isEqualTo("/v2/conversations/c0/messages");
        assertThat(cycle.get(0).body()).contains("messageContent");
    }

    /** A seeded store's targets list five conversations; the writers use the ones drawn for them, reads keep theirs. */
    @Test
    void writersUseTheirOwnConversationsWhenTheTargetsHaveThem() {
        BenchTargets few = new BenchTargets(List.of("a", "b", "c", "d", "e"), Map.of(Role.CUSTOMER, "tc"), "w", "p q")
                .withWriteIds(IntStream.range(0, 1200).mapToObj(i -> "w" + i).toList());
        List<Request> writes = Scenario.CREATE_MESSAGE.requests(few);
        assertThat(writes).hasSize(1000).allMatch(Request::writes);
        assertThat(writes).extracting(Request::path).allMatch(p -> p.startsWith("/v2/conversations/w"));
        assertThat(Scenario.MIXED.requests(few)).hasSize(1000).extracting(Request::path)
                .allMatch(p -> p.startsWith("/v2/conversations/w"));
        assertThat(Scenario.GET_CONVERSATION.requests(few)).extracting(Request::path)
                .containsExactly("/v2/conversations/a", "/v2/conversations/b", "/v2/conversations/c",
                        "/v2/conversations/d", "/v2/conversations/e");
        // without them, the targets' own conversations serve
        assertThat(Scenario.CREATE_MESSAGE.requests(new BenchTargets(List.of("a", "b"), Map.of(), "w", "p q")))
                .extracting(Request::path).containsExactly("/v2/conversations/a/messages", "/v2/conversations/b/messages");
    }

    @Test
    void deepListsRotateOverPagesTwoToFiftyOne() {
        for (Scenario deep : List.of(Scenario.LIST_CUSTOMER_DEEP, Scenario.LIST_STAFF_DEEP)) {
            List<Request> cycle = deep.requests(TARGETS);
            assertThat(cycle).hasSize(50).allMatch(r -> r.method().equals("GET"));
            assertThat(cycle.get(0).path()).isEqualTo("/v2/conversations?skip=100");
            assertThat(cycle.get(49).path()).isEqualTo("/v2/conversations?skip=5000");
        }
        assertThat(Scenario.LIST_CUSTOMER_DEEP.role()).isEqualTo(Role.CUSTOMER);
        assertThat(Scenario.LIST_STAFF_DEEP.role()).isEqualTo(Role.EMPLOYEE);
    }

    @Test
    void theQueueRotatesOverItsFiveTabsAndTheirCounts() {
        List<Request> cycle = Scenario.QUEUE_STAFF.requests(TARGETS);
        assertThat(cycle).extracting(Request::path).containsExactly("/v2/conversation-queue?tab=waitingForUs",
                "/v2/conversation-queue?tab=inProgress", "/v2/conversation-queue?tab=waitingForCustomer",
                "/v2/conversation-queue?tab=answered", "/v2/conversation-queue?tab=closed", "/v2/conversation-queue/counts");
        assertThat(Scenario.QUEUE_STAFF.role()).isEqualTo(Role.EMPLOYEE);
        assertThat(Scenario.QUEUE_STAFF.inContract()).as("not an operation Prism mocks").isFalse();
        assertThat(Scenario.LIST_STAFF.inContract()).isTrue();
        assertThat(Scenario.PAGE_QUEUE.inContract()).isFalse();
    }

    @Test
    void mixedIsNineReadsToOneWriteInEveryBlockOfTen() {
        List<Request> cycle = Scenario.MIXED.requests(TARGETS);
        assertThat(cycle).hasSize(1000);
        for (int start = 0; start < cycle.size(); start += 10) {
            assertThat(cycle.subList(start, start + 10).stream().filter(Request::writes).count()).isEqualTo(1);
        }
    }

    @Test
    void searchesAreEncodedAndThePhraseQuoted() {
        assertThat(Scenario.SEARCH_CUSTOMER.requests(TARGETS).get(0).path()).isEqualTo("/v2/conversations?fullTextSearch=gateway");
        assertThat(Scenario.SEARCH_STAFF.requests(TARGETS).get(0).path())
                .isEqualTo("/v2/conversations?fullTextSearch=%22bad%20gateway%22");
        assertThat(Scenario.SEARCH_STAFF.role()).isEqualTo(Role.EMPLOYEE);
        assertThat(Scenario.LIST_CUSTOMER.role()).isEqualTo(Role.CUSTOMER);
    }

    static final BenchTargets WITH_QUERIES = TARGETS.withSearchQueries(Map.of(
            Role.CUSTOMER, List.of(new SearchQuery(SearchKind.FREQUENT_PREFIX, "he"),
                    new SearchQuery(SearchKind.RARE_WORD, "zebra"),
                    new SearchQuery(SearchKind.PHRASE, "\"bad gateway\""),
                    new SearchQuery(SearchKind.EXCLUSION, "mail -spam"),
                    new SearchQuery(SearchKind.PHRASE, "\"cache für Ärger\"")),
            Role.EMPLOYEE, List.of(new SearchQuery(SearchKind.TWO_WORDS, "the server"),
                    new SearchQuery(SearchKind.THREE_WORDS, "the server update"))));

    @Test
    void searchesRotateOverEveryQueryOfTheRoleEncoded() {
        assertThat(Scenario.SEARCH_CUSTOMER.requests(WITH_QUERIES)).extracting(Request::path).containsExactly(
                "/v2/conversations?fullTextSearch=he",
                "/v2/conversations?fullTextSearch=zebra",
                "/v2/conversations?fullTextSearch=%22bad%20gateway%22",
                "/v2/conversations?fullTextSearch=mail%20-spam",
                "/v2/conversations?fullTextSearch=%22cache%20f%C3%BCr%20%C3%84rger%22");
        assertThat(Scenario.SEARCH_STAFF.requests(WITH_QUERIES)).extracting(Request::path).containsExactly(
                "/v2/conversations?fullTextSearch=the%20server",
                "/v2/conversations?fullTextSearch=the%20server%20update");
        // --as: the queries of what that role sees; a role without its own takes the scenario's
        assertThat(Scenario.SEARCH_STAFF.requests(WITH_QUERIES, Role.CUSTOMER, null)).hasSize(5);
        assertThat(Scenario.SEARCH_CUSTOMER.requests(WITH_QUERIES, Role.CUSTOMER_MEDIAN, null)).hasSize(5);
    }

    @Test
    void searchKindRestrictsTheCycleToOneKind() {
        assertThat(Scenario.SEARCH_CUSTOMER.requests(WITH_QUERIES, Role.CUSTOMER, SearchKind.PHRASE)).extracting(Request::path)
                .containsExactly("/v2/conversations?fullTextSearch=%22bad%20gateway%22",
                        "/v2/conversations?fullTextSearch=%22cache%20f%C3%BCr%20%C3%84rger%22");
        assertThatThrownBy(() -> Scenario.SEARCH_CUSTOMER.requests(WITH_QUERIES, Role.CUSTOMER, SearchKind.MEDIAN_WORD))
                .hasMessageContaining("no median-word query").hasMessageContaining("phrase ×2");
        // without queries drawn from the store there is nothing to restrict
        assertThatThrownBy(() -> Scenario.SEARCH_CUSTOMER.requests(TARGETS, Role.CUSTOMER, SearchKind.PHRASE))
                .hasMessageContaining("--search-kind");
        assertThat(SearchKind.of("frequent-prefix")).isEqualTo(SearchKind.FREQUENT_PREFIX);
        assertThat(SearchKind.names()).containsExactly("frequent-prefix", "frequent-word", "median-word", "rare-word",
                "two-words", "three-words", "phrase", "exclusion");
    }

    @Test
    void theReportNoteSaysWhichKindsWereSent() {
        assertThat(Scenario.SEARCH_CUSTOMER.searchNote(WITH_QUERIES, Role.CUSTOMER, null))
                .isEqualTo("5 queries drawn from the store: frequent-prefix ×1, rare-word ×1, phrase ×2, exclusion ×1");
        assertThat(Scenario.SEARCH_CUSTOMER.searchNote(WITH_QUERIES, Role.CUSTOMER, SearchKind.RARE_WORD))
                .isEqualTo("1 query drawn from the store: rare-word ×1");
        assertThat(Scenario.SEARCH_CUSTOMER.searchNote(TARGETS, Role.CUSTOMER, null))
                .isEqualTo("the targets file's one search word gateway (no queries drawn from the store)");
        assertThat(Scenario.LIST_STAFF.searchNote(WITH_QUERIES, Role.EMPLOYEE, null)).isNull();
    }

    @Test
    void namesAsOnTheCommandLine() {
        assertThat(Scenario.of("search-staff")).isEqualTo(Scenario.SEARCH_STAFF);
        assertThat(HttpCommand.chosen(List.of("all"))).containsExactly(Scenario.values());
        assertThat(Scenario.names()).contains("get-conversation", "list-customer", "list-staff", "search-customer",
                "search-staff", "create-message", "mixed");
        assertThat(HttpCommand.chosen(List.of("page-customer-list", "page-conversation", "page-queue", "page-staff-conversation")))
                .containsExactly(Scenario.PAGE_CUSTOMER_LIST, Scenario.PAGE_CONVERSATION, Scenario.PAGE_QUEUE,
                        Scenario.PAGE_STAFF_CONVERSATION)
                .allMatch(Scenario::page);
        assertThat(Scenario.MIXED.page()).isFalse();
    }

    @Test
    void deskPagesAskTheDesksUrlsAsTheirRoles() {
        assertThat(Scenario.PAGE_CUSTOMER_LIST.requests(TARGETS)).containsExactly(Request.get("/conversations"));
        assertThat(Scenario.PAGE_QUEUE.requests(TARGETS)).containsExactly(Request.get("/queue"));
        List<Request> customer = Scenario.PAGE_CONVERSATION.requests(TARGETS);
        assertThat(customer).hasSize(1500).noneMatch(Request::writes);
        assertThat(customer.get(7).path()).isEqualTo("/conversations/c7");
        assertThat(Scenario.PAGE_STAFF_CONVERSATION.requests(TARGETS)).isEqualTo(customer);
        assertThat(Scenario.PAGE_CUSTOMER_LIST.role()).isEqualTo(Role.CUSTOMER);
        assertThat(Scenario.PAGE_CONVERSATION.role()).isEqualTo(Role.CUSTOMER);
        assertThat(Scenario.PAGE_QUEUE.role()).isEqualTo(Role.EMPLOYEE);
        assertThat(Scenario.PAGE_STAFF_CONVERSATION.role()).isEqualTo(Role.EMPLOYEE);
    }
}
