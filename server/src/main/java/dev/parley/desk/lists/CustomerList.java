package dev.parley.desk.lists;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.account.DeskSessions;
import dev.parley.account.Session;
import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.SearchIndex;
import dev.parley.desk.Page;
import dev.parley.desk.Pages;
import dev.parley.desk.Texts;
import dev.parley.queue.DeskQueue;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /conversations}: the viewer's conversations through {@link ConversationService#list}
 * (the API's list: same visibility, same search), newest activity first, in status tabs, with
 * unread markers from the read states.
 */
final class CustomerList {
    /** Tabs and the statuses they group: with support, waiting for the customer, done. */
    static final Map<String, List<String>> TABS = new LinkedHashMap<>();

    static {
        TABS.put("all", List.of());
        TABS.put("open", List.of("open", "inProgress"));
        TABS.put("answered", List.of("answered", "waiting"));
        TABS.put("closed", List.of("closed"));
    }

    private static final int MAX_SEARCH_GROUPS = 16;

    private final Pages pages;
    private final DeskSessions sessions;
    private final ConversationService conversations;
    private final DeskQueue queue;

    CustomerList(Pages pages, DeskSessions sessions, ConversationService conversations, DeskQueue queue) {
        this.pages = pages;
        this.sessions = sessions;
        this.conversations = conversations;
        this.queue = queue;
    }

    void page(Context ctx) {
        Session session = sessions.require(ctx);
        Page page = pages.page(ctx);
        Texts t = page.t();
        ListParams params = new ListParams(ctx);
        String tab = params.choice("tab", List.copyOf(TABS.keySet()), "all");
        String q = params.search();
        int limit = params.limit();
        long skip = params.skip();

        List<ObjectNode> items = List.of();
        long total = 0;
        SearchIndex.Search search = q == null ? new SearchIndex.Search(List.of(), null) : SearchIndex.parse(q, MAX_SEARCH_GROUPS);
        if (q == null || !search.isEmpty()) {
            var result = conversations.list(session.caller(), new ConversationRepository.ListQuery(TABS.get(tab),
                    search.groups(), search.exclusion(), List.of("lastMessage.createdAt"), List.of("desc"), limit, skip));
            items = result.items();
            total = result.total();
        }
        List<String> ids = items.stream().map(c -> c.path("conversationId").asText()).toList();
        Map<String, Boolean> unread = queue.unread(session.caller(), ids);

        List<Row> rows = new ArrayList<>();
        for (ObjectNode c : items) {
            rows.add(row(t, c, unread.getOrDefault(c.path("conversationId").asText(), false)));
        }
        Links base = new Links("/conversations").with("q", q).with("limit", limit == ListParams.DEFAULT_LIMIT ? null : limit);
        Links here = base.with("tab", "all".equals(tab) ? null : tab);
        List<Tab> tabs = new ArrayList<>();
        for (String name : TABS.keySet()) {
            tabs.add(new Tab(name, t.get("list.tab." + name), base.with("tab", "all".equals(name) ? null : name).toString(),
                    name.equals(tab), null));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("page", page);
        model.put("tabs", tabs);
        model.put("tab", tab);
        model.put("q", q == null ? "" : q);
        model.put("rows", rows);
        model.put("paging", Paging.of(here, limit, skip, rows.size(), total));
        model.put("ignored", String.join(", ", params.ignored()));
        pages.render(ctx, "lists/conversations.jte", model);
    }

    static Row row(Texts t, JsonNode c, boolean unread) {
        String shortId = c.path("shortId").asText(null);
        String id = shortId == null || shortId.isEmpty() ? c.path("conversationId").asText() : shortId;
        String status = c.path("status").asText();
        String when = c.path("lastMessageAt").asText(c.path("createdAt").asText());
        return new Row("/conversations/" + id, c.path("title").asText(), shortId, status, t.get("list.status." + status),
                c.path("category").path("name").asText(""), c.path("createdBy").path("clearName").asText(""),
                c.path("lastMessageBy").path("clearName").asText(""), Ages.since(t, when), when, Ages.date(when), unread, "");
    }
}
