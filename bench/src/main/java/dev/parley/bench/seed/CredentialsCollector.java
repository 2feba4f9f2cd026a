package dev.parley.bench.seed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.bench.targets.BenchTargets;
import dev.parley.bench.targets.SearchQuery;
import dev.parley.bench.targets.TargetsFile;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import java.util.Locale;

/**
 * Watches the generated conversations and builds {@code bench-credentials.json}, which the HTTP
 * load tool reads. Its shape (version 1):
 *
 * <pre>{@code
 * {
 *   "format": "parley-bench-credentials", "version": 1,
 *   "seed": 42, "engine": "sqlite" | "postgresql", "store": "<JDBC URL, without password>",
 *   "counts": {"customers": 1000, "users": 2300, "projects": 1500, "conversations": 10000,
 *              "messages": 50000, "timelineEntries": 75000, "searchRows": 60000, "events": 66000},
 *   "users": {
 *     "biggestCustomerMember": {"userId": "…", "token": "parley_…", "customerId": "…",
 *                               "customerConversations": 1200, "visibleConversations": 800},
 *     "medianCustomerMember":  { same fields },
 *     "employee":              {"userId": "…", "token": "parley_…", "visibleConversations": 10000}
 *   },
 *   "conversations": [   // shared with the member's customer: visible to that member and to staff
 *     {"conversationId": "…", "shortId": "K7QM-42XD", "customer": "biggest" | "median",
 *      "timelineEntries": 7,            // GET …/messages as the customer member (no staff notes)
 *      "timelineEntriesForStaff": 8}    // GET …/messages as the employee
 *   ],
 *   "search": {"word": "…", "phrase": "… …", "as": "biggestCustomerMember",
 *              "conversationId": "…"}, // one conversation the word and the phrase find for that user
 *   "searchQueries": [  // drawn from what each user sees in the finished store (targets/SearchTerms)
 *     {"as": "customer" | "customerMedian" | "employee", "kind": "frequent-prefix" | …, "query": "…"}
 *   ]
 * }
 * }</pre>
 *
 * {@code visibleConversations} is what {@code GET /v2/conversations} counts for the user
 * ({@code X-Pagination-TotalCount}); tokens never expire.
 */
final class CredentialsCollector {
    private static final int PER_CUSTOMER = 5;

    private final Directory directory;
    private final WordList words;
    private final int biggestMember;
    private final int medianMember;
    private long biggestVisible;
    private long medianVisible;
    private final ArrayNode conversations = Json.MAPPER.createArrayNode();
    private int biggestListed;
    private int medianListed;
    private ObjectNode search;

    CredentialsCollector(Directory directory, WordList words) {
        this.directory = directory;
        this.words = words;
        this.biggestMember = directory.member(directory.biggestCustomer);
        this.medianMember = directory.member(directory.medianCustomer);
    }

    /** Called for every conversation, in order, on the generating thread. */
    void observe(SyntheticConversation c, int customer) {
        if (visible(c, customer, biggestMember)) {
            biggestVisible++;
        }
        if (visible(c, customer, medianMember)) {
            medianVisible++;
        }
        if (!"customer".equals(c.sharedAggregate)) {
            return;
        }
        if (customer == directory.biggestCustomer && biggestListed < PER_CUSTOMER) {
            biggestListed++;
            listed(c, "biggest");
            ObjectNode candidate = search(c);
            if (search == null || words.rank(candidate.get("word").asText()) > words.rank(search.get("word").asText())) {
                search = candidate; // the rarest title word of the listed conversations: a selective search
            }
        } else if (customer == directory.medianCustomer && medianListed < PER_CUSTOMER) {
            medianListed++;
            listed(c, "median");
        }
    }

    private void listed(SyntheticConversation c, String customer) {
        int all = c.entries.size();
        int visible = (int) c.entries.stream().filter(e -> !e.internal()).count();
        conversations.addObject().put("conversationId", c.id).put("shortId", c.shortId).put("customer", customer)
                .put("timelineEntries", visible).put("timelineEntriesForStaff", all);
    }

    /** The title's rarest word, and its first two words as a phrase. */
    private ObjectNode search(SyntheticConversation c) {
        String[] titleWords = c.title.toLowerCase(Locale.ROOT).split(" ");
        String rarest = titleWords[0];
        for (String w : titleWords) {
            if (words.rank(w) > words.rank(rarest)) {
                rarest = w;
            }
        }
        return Json.MAPPER.createObjectNode().put("word", rarest).put("phrase", titleWords[0] + " " + titleWords[1])
                .put("as", "biggestCustomerMember").put("conversationId", c.id);
    }

    /** AccessPolicy's rule for a customer-side user (seeded conversations are never shared with users or servers). */
    private boolean visible(SyntheticConversation c, int customer, int user) {
        if (c.createdBy == user || c.mainUser == user) {
            return true;
        }
        if ("customer".equals(c.sharedAggregate)) {
            return contains(directory.customers.get(customer).members(), user);
        }
        if ("project".equals(c.sharedAggregate)) {
            for (int p : directory.customers.get(customer).projects()) {
                Directory.Project project = directory.projects.get(p);
                if (project.id().equals(c.sharedId)) {
                    return contains(project.members(), user);
                }
            }
        }
        return false;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /** The users whose search queries the document carries, by the role the load tool gives them. */
    Map<BenchTargets.Role, String> searchingUsers() {
        Map<BenchTargets.Role, String> users = new EnumMap<>(BenchTargets.Role.class);
        users.put(BenchTargets.Role.CUSTOMER, directory.userId(biggestMember));
        users.put(BenchTargets.Role.CUSTOMER_MEDIAN, directory.userId(medianMember));
        users.put(BenchTargets.Role.EMPLOYEE, directory.userId(directory.employees[0]));
        return users;
    }

    ObjectNode document(SeedSettings settings, String engine, String store, ObjectNode counts,
                        Map<BenchTargets.Role, List<SearchQuery>> searchQueries) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("format", "parley-bench-credentials").put("version", 1).put("seed", settings.seed())
                .put("engine", engine).put("store", store.replaceAll("([?&])password=[^&]*&?", "$1"));
        doc.set("counts", counts);
        ObjectNode users = doc.putObject("users");
        user(users.putObject("biggestCustomerMember"), biggestMember, 0)
                .put("customerId", directory.customers.get(directory.biggestCustomer).id())
                .put("customerConversations", directory.customers.get(directory.biggestCustomer).conversations())
                .put("visibleConversations", biggestVisible);
        user(users.putObject("medianCustomerMember"), medianMember, 1)
                .put("customerId", directory.customers.get(directory.medianCustomer).id())
                .put("customerConversations", directory.customers.get(directory.medianCustomer).conversations())
                .put("visibleConversations", medianVisible);
        user(users.putObject("employee"), directory.employees[0], 2)
                .put("visibleConversations", (long) settings.conversations());
        doc.set("conversations", conversations);
        if (search != null) {
            doc.set("search", search);
        }
        doc.set("searchQueries", TargetsFile.searchQueriesNode(searchQueries));
        return doc;
    }

    private ObjectNode user(ObjectNode node, int user, int token) {
        Directory.Token t = directory.tokens.get(token);
        if (t.user() != user) {
            throw new IllegalStateException("token order");
        }
        return node.put("userId", directory.userId(user)).put("token", t.token());
    }
}
