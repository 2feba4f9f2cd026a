package dev.parley.bench.http;

import dev.parley.bench.targets.BenchTargets;
import dev.parley.bench.targets.BenchTargets.Role;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

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
