package dev.parley.client;

import dev.parley.client.model.Conversation;
import dev.parley.client.model.CreateConversationRequest;
import dev.parley.client.model.ListConversationsQuery;
import dev.parley.client.model.ListConversationsQuery.SortField;
import dev.parley.client.model.ListConversationsQuery.SortOrder;
import dev.parley.client.testing.Clients;
import dev.parley.client.testing.RecordingProxy;
import dev.parley.client.testing.RecordingProxy.Exchange;
import dev.parley.client.testing.TestParley;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Pages with the pagination headers, and walking all pages of a list. */
class PaginationTest {
    private static TestParley parley;
    private static RecordingProxy proxy;
    private static MittwaldClient owner;
    private static String word;
    private static final List<String> created = new ArrayList<>();

    @BeforeAll
    static void start() {
        parley = TestParley.shared();
        proxy = new RecordingProxy(parley.baseUrl());
        owner = Clients.as(parley, "customer-owner", proxy.url());
        word = Clients.uniqueWord();
        String general = Clients.category(owner, "general").categoryId();
        for (int i = 1; i <= 7; i++) {
            created.add(owner.conversation().createConversation(
                    CreateConversationRequest.of("page " + word + " " + i, general)).conversationId());
        }
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    /** The seven conversations, oldest first, three to a page. */
    private static ListConversationsQuery query() {
        return ListConversationsQuery.all().withFullTextSearch(word).withLimit(3)
                .withSort(SortField.CREATED_AT).withOrder(SortOrder.ASC);
    }

    @Test
    void aPageCarriesThePaginationHeaders() {
        Page<Conversation> page = owner.conversation().listConversations(query());

        assertThat(page.items()).extracting(Conversation::conversationId).containsExactlyElementsOf(created.subList(0, 3));
        assertThat(page.limit()).hasValue(3);
        assertThat(page.skip()).hasValue(0);
        assertThat(page.page()).hasValue(1);
        assertThat(page.totalCount()).hasValue(7);
        assertThat(page.hasNext()).isTrue();
        assertThat(proxy.last().responseHeader("x-pagination-totalcount")).isEqualTo("7");
    }

    @Test
    void pagesAreFetchedOneAfterTheOtherUntilTheTotalIsReached() {
        int before = proxy.exchanges().size();

        List<Page<Conversation>> pages = owner.conversation().listConversationsPages(query()).collect(Collectors.toList());

        assertThat(pages).extracting(p -> p.items().size()).containsExactly(3, 3, 1);
        assertThat(pages.get(2).hasNext()).isFalse();
        assertThat(pages).flatExtracting(Page::items).extracting(Conversation::conversationId).containsExactlyElementsOf(created);
        List<Exchange> requests = proxy.exchangesSince(before);
        assertThat(requests).extracting(Exchange::query).containsExactly(
                "fullTextSearch=" + word + "&limit=3&sort=createdAt&order=asc",
                "fullTextSearch=" + word + "&limit=3&skip=3&sort=createdAt&order=asc",
                "fullTextSearch=" + word + "&limit=3&skip=6&sort=createdAt&order=asc");
    }

    @Test
    void theStreamOfAllItemsIsLazy() {
        int before = proxy.exchanges().size();

        List<String> firstFour = owner.conversation().listAllConversations(query()).limit(4)
                .map(Conversation::conversationId).collect(Collectors.toList());

        assertThat(firstFour).containsExactlyElementsOf(created.subList(0, 4));
        assertThat(proxy.exchangesSince(before)).as("two pages hold four items").hasSize(2);
        assertThat(owner.conversation().listAllConversations(query()).count()).isEqualTo(7);
    }

    @Test
    void walkingStartsWhereTheQueryStarts() {
        int before = proxy.exchanges().size();

        List<String> fromPageTwo = owner.conversation().listAllConversations(query().withPage(2))
                .map(Conversation::conversationId).collect(Collectors.toList());

        assertThat(fromPageTwo).containsExactlyElementsOf(created.subList(3, 7));
        assertThat(proxy.exchangesSince(before)).extracting(Exchange::query).containsExactly(
                "fullTextSearch=" + word + "&limit=3&page=2&sort=createdAt&order=asc",
                "fullTextSearch=" + word + "&limit=3&skip=6&page=2&sort=createdAt&order=asc");
    }

    @Test
    void withoutATotalCountAFullPageMeansMayBeMore() {
        HttpHeaders onlyLimit = HttpHeaders.of(Map.of("X-Pagination-Limit", List.of("2")), (a, b) -> true);
        assertThat(Page.of(List.of("a", "b"), onlyLimit).hasNext()).isTrue();
        assertThat(Page.of(List.of("a"), onlyLimit).hasNext()).isFalse();
        assertThat(Page.of(List.of(), onlyLimit).hasNext()).isFalse();

        HttpHeaders fractionalPage = HttpHeaders.of(Map.of("X-Pagination-Page", List.of("2.0"),
                "X-Pagination-TotalCount", List.of("5"), "X-Pagination-Skip", List.of("2")), (a, b) -> true);
        Page<String> page = Page.of(List.of("c", "d"), fractionalPage);
        assertThat(page.page()).hasValue(2);
        assertThat(page.hasNext()).isTrue();
        assertThat(Page.of(List.of("c", "d", "e"), fractionalPage).hasNext()).isFalse();
    }
}
