package dev.parley.desk.lists;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.DeskSessions;
import dev.parley.account.Session;
import dev.parley.api.ApiError;
import dev.parley.conversation.Category;
import dev.parley.conversation.CategoryRepository;
import dev.parley.desk.Page;
import dev.parley.desk.Pages;
import dev.parley.desk.Texts;
import dev.parley.queue.DeskQueue;
import dev.parley.storage.Database;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /queue} (staff only; customers get the not-found page): the queue's five tabs with
 * counts, filters, search and pages through {@link DeskQueue} (the API's queue, same filters);
 * {@code GET /queue/rows} is its live part (tabs, rows, pages) for htmx, and with
 * {@code compact=1} the narrow list of the conversation workspace's left column.
 */
final class StaffQueue {
    /** The event kinds after which the live part reloads (as the event log names them). */
    static final String LIVE_TRIGGER = String.join(", ", List.of("sse:ConversationCreated", "sse:ConversationUpdated",
            "sse:ConversationStatusChanged", "sse:MessageCreated", "sse:MessageUpdated", "sse:ConversationAssigned"));

    private final Pages pages;
    private final DeskSessions sessions;
    private final DeskQueue queue;
    private final Database database;

    StaffQueue(Pages pages, DeskSessions sessions, DeskQueue queue, Database database) {
        this.pages = pages;
        this.sessions = sessions;
        this.queue = queue;
        this.database = database;
    }

    /** The request's filters, page and the query string that repeats them. */
    private record Query(String tab, DeskQueue.Filter filter, int limit, long skip, Links links, List<String> ignored,
                         String assigneeChoice) {
    }

    void page(Context ctx) {
        Session session = staff(ctx);
        Page page = pages.page(ctx);
        Query query = query(ctx, session);
        Map<String, Object> model = results(page, session, query, false);
        List<Category> categories = database.read(CategoryRepository::list);
        DeskQueue.Filter f = query.filter();
        model.put("categories", categories);
        model.put("employees", queue.employees());
        model.put("categoryId", f.categoryId() == null ? "" : f.categoryId());
        model.put("customerId", f.customerId() == null ? "" : f.customerId());
        model.put("projectId", f.projectId() == null ? "" : f.projectId());
        model.put("assignee", query.assigneeChoice());
        model.put("olderThanHours", f.olderThanHours() == null ? "" : String.valueOf(f.olderThanHours()));
        model.put("q", f.fullTextSearch() == null ? "" : f.fullTextSearch());
        model.put("tab", query.tab());
        model.put("liveTrigger", LIVE_TRIGGER);
        model.put("rowsUrl", query.links().with("skip", query.skip() == 0 ? null : query.skip()).path("/queue/rows").toString());
        pages.render(ctx, "lists/queue.jte", model);
    }

    void rows(Context ctx) {
        if (ctx.header("HX-Request") != null && sessions.current(ctx).isEmpty()) {
            // a live refresh after the session ended: the whole page goes to sign-in, not just the rows
            ctx.header("HX-Redirect", "/sign-in?next=%2Fqueue").status(204);
            return;
        }
        Session session = staff(ctx);
        Page page = pages.page(ctx);
        Query query = query(ctx, session);
        boolean compact = "1".equals(ctx.queryParam("compact"));
        Map<String, Object> model = results(page, session, query, compact);
        pages.render(ctx, compact ? "lists/queue-compact.jte" : "lists/queue-results.jte", model);
    }

    private Session staff(Context ctx) {
        Session session = sessions.require(ctx);
        if (!session.caller().isEmployee()) {
            // the same answer as for a page that does not exist
            throw ApiError.notFound("No such page");
        }
        return session;
    }

    private Query query(Context ctx, Session session) {
        ListParams p = new ListParams(ctx);
        String tab = p.choice("tab", DeskQueue.TABS, DeskQueue.TABS.get(0));
        String category = p.uuid("categoryId");
        String customer = p.uuid("customerId");
        String project = p.uuid("projectId");
        String assigneeChoice = ctx.queryParam("assignee");
        String assignee = null;
        if (assigneeChoice == null || assigneeChoice.isEmpty()) {
            assigneeChoice = "";
        } else if (assigneeChoice.equals("me") || assigneeChoice.equals("none")) {
            assignee = assigneeChoice;
        } else {
            assignee = p.uuid("assignee");
            if (assignee == null) {
                assigneeChoice = "";
            }
        }
        Integer hours = p.hours("olderThanHours");
        String q = p.search();
        int limit = p.limit();
        long skip = p.skip();
        Links links = new Links("/queue").with("tab", tab).with("categoryId", category).with("customerId", customer)
                .with("projectId", project).with("assignee", assignee).with("olderThanHours", hours).with("q", q)
                .with("limit", limit == ListParams.DEFAULT_LIMIT ? null : limit);
        return new Query(tab, new DeskQueue.Filter(category, customer, project, assignee, hours, q), limit, skip, links,
                p.ignored(), assigneeChoice);
    }

    /** What the live part shows: tabs with counts, the rows, the pages. */
    private Map<String, Object> results(Page page, Session session, Query query, boolean compact) {
        Texts t = page.t();
        DeskQueue.Page result = queue.list(session.caller(), query.tab(), query.filter(), query.limit(), query.skip());
        Map<String, Long> counts = queue.counts(session.caller(), query.filter());
        Map<String, String> names = new HashMap<>();
        queue.employees().forEach(e -> names.put(e.getKey(), e.getValue()));
        List<Row> rows = new ArrayList<>();
        for (DeskQueue.Row r : result.rows()) {
            JsonNode c = r.conversation();
            Row base = CustomerList.row(t, c, r.unread());
            String href = "/conversations/" + c.path("conversationId").asText();
            String assignee = r.assigneeId() == null ? t.get("queue.unassigned")
                    : r.assigneeId().equals(session.userId()) ? t.get("queue.me") : names.getOrDefault(r.assigneeId(), "");
            String writer = r.lastMessageBy() == null ? "" : base.lastWriter();
            rows.add(new Row(href, base.title(), base.shortId(), base.status(), base.statusLabel(), base.category(),
                    base.customer(), writer, Ages.since(t, r.waitingSince()), r.waitingSince(), Ages.date(r.waitingSince()),
                    r.unread(), assignee));
        }
        List<Tab> tabs = new ArrayList<>();
        Links noSkip = query.links().with("skip", null);
        for (String name : DeskQueue.TABS) {
            tabs.add(new Tab(name, t.get("queue.tab." + name), noSkip.with("tab", name).toString(), name.equals(query.tab()),
                    counts.get(name)));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("page", page);
        model.put("tabs", tabs);
        model.put("rows", rows);
        model.put("compact", compact);
        model.put("paging", Paging.of(noSkip, query.limit(), query.skip(), rows.size(), result.total()));
        model.put("ignored", String.join(", ", query.ignored()));
        return model;
    }
}
