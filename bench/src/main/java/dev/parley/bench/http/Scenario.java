package dev.parley.bench.http;

import dev.parley.bench.targets.BenchTargets;
import dev.parley.bench.targets.BenchTargets.Role;
import dev.parley.bench.targets.SearchKind;
import dev.parley.bench.targets.SearchQuery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP load scenarios: who asks, and the cycle of requests each wrk thread rotates through.
 */
public enum Scenario {
    GET_CONVERSATION("get-conversation", Role.CUSTOMER, "GET /v2/conversations/{id}, rotating over the ids"),
    LIST_CUSTOMER("list-customer", Role.CUSTOMER, "GET /v2/conversations, a customer member's first page"),
    LIST_STAFF("list-staff", Role.EMPLOYEE, "GET /v2/conversations, an employee's first page over everything"),
    LIST_CUSTOMER_DEEP("list-customer-deep", Role.CUSTOMER,
            "GET /v2/conversations?skip=N, a customer member's pages 2 to 51 (skip 100 to 5,000), rotating"),
    LIST_STAFF_DEEP("list-staff-deep", Role.EMPLOYEE,
            "GET /v2/conversations?skip=N, an employee's pages 2 to 51 (skip 100 to 5,000), rotating"),
    SEARCH_CUSTOMER("search-customer", Role.CUSTOMER,
            "GET /v2/conversations?fullTextSearch=QUERY as a customer member, rotating over the queries drawn from what they see"),
    SEARCH_STAFF("search-staff", Role.EMPLOYEE,
            "GET /v2/conversations?fullTextSearch=QUERY as an employee, rotating over the queries drawn from everything"),
    QUEUE_STAFF("queue-staff", Role.EMPLOYEE,
            "GET /v2/conversation-queue?tab=T for the five tabs and GET /v2/conversation-queue/counts, rotating: the desk's queue"),
    CREATE_MESSAGE("create-message", Role.CUSTOMER, "POST /v2/conversations/{id}/messages over up to 1,000 conversations"),
    MIXED("mixed", Role.CUSTOMER, "9 of 10 GET /v2/conversations/{id}, 1 of 10 POST …/messages"),
    // the web desk's pages, signed in with the session cookie (DeskSignIn)
    PAGE_CUSTOMER_LIST("page-customer-list", Role.CUSTOMER, "desk page GET /conversations, a customer member's list"),
    PAGE_CONVERSATION("page-conversation", Role.CUSTOMER, "desk page GET /conversations/{id} as a customer member, rotating over the ids"),
    PAGE_QUEUE("page-queue", Role.EMPLOYEE, "desk page GET /queue, an employee's queue"),
    PAGE_STAFF_CONVERSATION("page-staff-conversation", Role.EMPLOYEE,
            "desk page GET /conversations/{id} as an employee (the 3-column workspace), rotating over the ids");

    /** the deep-page scenarios rotate over pages 2 … DEEP_PAGES + 1 of 100 conversations */
    static final int DEEP_PAGES = 50;
    /** writers spread over at most this many conversations (the "32 writers over 1,000") */
    static final int WRITE_CONVERSATIONS = dev.parley.bench.targets.WriteConversations.MAX;
    static final String MESSAGE_BODY = "{\"messageContent\":\"Benchmark message: is the shop reachable again?\"}";

    private final String cliName;
    private final Role role;
    private final String description;

    Scenario(String cliName, Role role, String description) {
        this.cliName = cliName;
        this.role = role;
        this.description = description;
    }

    public String cliName() {
        return cliName;
    }

    public Role role() {
        return role;
    }

    public String description() {
        return description;
    }

    public boolean writes() {
        return this == CREATE_MESSAGE || this == MIXED;
    }

    /** A page of the web desk (HTML, session cookie) rather than an API call (JSON, token). */
    public boolean page() {
        return cliName.startsWith("page-");
    }

    /** Whether its requests are operations of mittwald's contract (which Prism mocks), not pages or Parley's own. */
    public boolean inContract() {
        return !page() && this != QUEUE_STAFF;
    }

    public static Scenario of(String name) {
        return Arrays.stream(values()).filter(s -> s.cliName.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown scenario " + name + "; one of " + names()));
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Scenario::cliName).toList();
    }

    public boolean searches() {
        return this == SEARCH_CUSTOMER || this == SEARCH_STAFF;
    }

    /** The cycle of requests as the scenario's own role, every kind of search query. */
    public List<Request> requests(BenchTargets targets) {
        return requests(targets, role, null);
    }

    /**
     * The cycle of requests; every wrk thread rotates through it from its own starting point.
     *
     * @param as   who asks (the search queries are those drawn from what this role sees)
     * @param kind for a search scenario, only queries of this kind; null for all
     */
    public List<Request> requests(BenchTargets targets, Role as, SearchKind kind) {
        List<String> ids = targets.conversationIds();
        return switch (this) {
            case GET_CONVERSATION -> ids.stream().map(id -> Request.get("/v2/conversations/" + id)).toList();
            case LIST_CUSTOMER, LIST_STAFF -> List.of(Request.get("/v2/conversations"));
            case LIST_CUSTOMER_DEEP, LIST_STAFF_DEEP -> java.util.stream.IntStream.rangeClosed(1, DEEP_PAGES)
                    .mapToObj(page -> Request.get("/v2/conversations?skip=" + page * 100)).toList();
            case SEARCH_CUSTOMER, SEARCH_STAFF -> searchQueries(targets, as, kind).stream()
                    .map(q -> Request.get("/v2/conversations?fullTextSearch=" + encode(q.query()))).toList();
            case QUEUE_STAFF -> queue();
            case CREATE_MESSAGE -> targets.writeConversations().stream().limit(WRITE_CONVERSATIONS)
                    .map(id -> Request.post("/v2/conversations/" + id + "/messages", MESSAGE_BODY)).toList();
            case MIXED -> mixed(targets.writeConversations());
            case PAGE_CUSTOMER_LIST -> List.of(Request.get("/conversations"));
            case PAGE_CONVERSATION, PAGE_STAFF_CONVERSATION -> ids.stream().map(id -> Request.get("/conversations/" + id)).toList();
            case PAGE_QUEUE -> List.of(Request.get("/queue"));
        };
    }

    /** The desk's queue: each of the five tabs' first page, then the tab counts. */
    private static List<Request> queue() {
        List<Request> out = new ArrayList<>();
        for (String tab : List.of("waitingForUs", "inProgress", "waitingForCustomer", "answered", "closed")) {
            out.add(Request.get("/v2/conversation-queue?tab=" + tab));
        }
        out.add(Request.get("/v2/conversation-queue/counts"));
        return out;
    }

    /**
     * The queries a search scenario rotates over: those drawn from what {@code as} sees, else
     * (a role without its own) those of the scenario's role; in a file without any, its one word
     * (customer) or phrase (staff), as before the queries.
     */
    public List<SearchQuery> searchQueries(BenchTargets targets, Role as, SearchKind kind) {
        if (!searches()) {
            return List.of();
        }
        List<SearchQuery> all = drawn(targets, as);
        if (all.isEmpty()) {
            if (kind != null) {
                throw new IllegalArgumentException("--search-kind needs the search queries drawn from the store, and the"
                        + " targets have none (give --data-dir or --database-url of the store)");
            }
            // the file's one word or phrase; the kind is nominal, the report says what was sent
            return List.of(this == SEARCH_CUSTOMER ? new SearchQuery(SearchKind.FREQUENT_WORD, targets.searchWord())
                    : new SearchQuery(SearchKind.PHRASE, "\"" + targets.searchPhrase() + "\""));
        }
        List<SearchQuery> chosen = kind == null ? all : all.stream().filter(q -> q.kind() == kind).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("the targets hold no " + kind.cliName() + " query for " + as.key()
                    + " (they hold " + kinds(all) + ")");
        }
        return chosen;
    }

    private List<SearchQuery> drawn(BenchTargets targets, Role as) {
        return targets.searchQueries(as).isEmpty() ? targets.searchQueries(role) : targets.searchQueries(as);
    }

    /** For the report: which queries a search scenario sent (null for any other scenario). */
    public String searchNote(BenchTargets targets, Role as, SearchKind kind) {
        if (!searches()) {
            return null;
        }
        List<SearchQuery> queries = searchQueries(targets, as, kind);
        if (drawn(targets, as).isEmpty()) {
            return "the targets file's one search " + (this == SEARCH_CUSTOMER ? "word" : "phrase") + " "
                    + queries.get(0).query() + " (no queries drawn from the store)";
        }
        return queries.size() + (queries.size() == 1 ? " query" : " queries") + " drawn from the store: " + kinds(queries);
    }

    /** The kinds of the queries and how many of each: "frequent-word ×3, phrase ×2". */
    public static String kinds(List<SearchQuery> queries) {
        Map<SearchKind, Long> byKind = new EnumMap<>(SearchKind.class);
        queries.forEach(q -> byKind.merge(q.kind(), 1L, Long::sum));
        return byKind.entrySet().stream().map(e -> e.getKey().cliName() + " ×" + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Blocks of ten: nine reads of ten conversations and a write to the tenth, so any offset keeps 90/10. */
    private static List<Request> mixed(List<String> ids) {
        List<Request> cycle = new ArrayList<>();
        int n = Math.min(ids.size(), WRITE_CONVERSATIONS);
        int blocks = Math.max(1, n / 10);
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < 10; i++) {
                String id = ids.get((b * 10 + i) % ids.size());
                cycle.add(i == 9 ? Request.post("/v2/conversations/" + id + "/messages", MESSAGE_BODY)
                        : Request.get("/v2/conversations/" + id));
            }
        }
        return cycle;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
