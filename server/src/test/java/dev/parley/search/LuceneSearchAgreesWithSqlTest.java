package dev.parley.search;

import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.SearchIndex;
import dev.parley.identity.Caller;
import dev.parley.identity.IdentityRepository;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lucene index of a SQLite store answers every search exactly as the SQL index (FTS5) does:
 * the same conversations in the same order, the same total, for every demo user (customers
 * never see staff notes or others' conversations), over a store whose words repeat a lot (so
 * prefixes, phrases and exclusions match many conversations), with status filters, every sort
 * key in both directions, and pages. The API answers through Lucene; the SQL list is asked
 * directly. Queries tried: frequent and rare words, prefixes of one and two letters, two and
 * three words, phrases that occur and that do not, phrases split by punctuation ending in a
 * prefix ("ab-c"), {@code or}, exclusions of words and phrases, only exclusions, words in notes,
 * phrases of three words with at most one longer word (one indexed key) and with two or three
 * (narrowed by their pairs), and longer phrases mixing both.
 */
class LuceneSearchAgreesWithSqlTest {
    private static final String[] WORDS = {"alpha", "alps", "beta", "bet", "gamma", "gateway", "gate", "delta",
            "deploy", "error", "errand", "invoice", "invoices", "server", "serve", "timeout", "time", "mail", "main",
            // longer than the indexed prefixes (WordKeys.PREFIX_CHARS), sharing their first characters
            "configuration", "configurable", "configur"};
    private static TestServer server;
    private static ApiClient api;
    private static final List<String> PHRASES = new ArrayList<>();

    @BeforeAll
    static void start() {
        Assumptions.assumeFalse(TestDatabase.isPostgresql(), "the Lucene index is the SQLite store's (PostgreSQL searches in the database)");
        server = TestServer.startDemo();
        api = server.client();
        Random random = new Random(7);
        String[] creators = {"customer-owner", "customer-member", "project-member", "outsider"};
        for (int i = 0; i < 120; i++) {
            String role = creators[random.nextInt(creators.length)];
            String token = server.user(role).token();
            Map<String, Object> body = new java.util.HashMap<>(Map.of("title", sentence(random, 2 + random.nextInt(4)),
                    "messageContent", sentence(random, 3 + random.nextInt(12))));
            if ("outsider".equals(role)) {
                body.put("sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.outsiderCustomerId()));
            } else if ("project-member".equals(role)) {
                if (random.nextInt(3) > 0) {
                    body.put("sharedWith", Map.of("aggregate", "project", "domain", "project", "id", server.demoProjectId()));
                }
            } else if (random.nextInt(3) > 0) {
                body.put("sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId()));
            }
            String id = api.newConversation(token, body);
            for (int m = random.nextInt(4); m > 0; m--) {
                String text = sentence(random, 2 + random.nextInt(10));
                boolean note = random.nextInt(4) == 0;
                String writer = note ? server.user("employee").token() : (random.nextBoolean() ? token : server.user("employee").token());
                api.createMessage(writer, id, note ? Map.of("messageContent", text, "internal", true) : Map.of("messageContent", text))
                        .assertStatus(201);
                if (m == 1 && PHRASES.size() < 9) {
                    String[] words = text.split("[ -]");
                    PHRASES.add(words[0] + " " + words[1]);
                    if (words.length > 2) {
                        PHRASES.add(words[0] + " " + words[1] + " " + words[2]);
                    }
                    if (words.length > 4) { // longer than a run of neighbouring words indexed as one key
                        PHRASES.add(words[1] + " " + words[2] + " " + words[3] + " " + words[4]);
                    }
                }
            }
            if (random.nextInt(4) == 0) {
                api.setStatus(server.user("employee").token(), id, "closed").assertStatus(200);
            }
        }
        // runs of three words with at most one longer than four characters are indexed as keys,
        // the others are not (WordKeys.indexed): phrases of both kinds that certainly occur, in a
        // message and in a staff note
        String shortAndLong = api.newConversation(server.user("customer-owner").token(), Map.of("title", "alps bet main",
                "messageContent", "alps bet main gateway timeout invoice mail R5 beta",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        api.createMessage(server.user("employee").token(), shortAndLong,
                Map.of("messageContent", "invoice deploy gate serve alpha", "internal", true)).assertStatus(201);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String sentence(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(random.nextInt(8) == 0 ? "-" : " ");
            }
            s.append(random.nextInt(10) == 0 ? "R" + random.nextInt(50) : WORDS[random.nextInt(WORDS.length)]);
        }
        return s.toString();
    }

    private static List<String> queries() {
        List<String> q = new ArrayList<>(List.of("alpha", "al", "a", "g", "gate", "gateway", "time", "R1", "R17",
                "invoice error", "serve time mail", "\"gateway error\"", "\"nothing like this\"", "alpha-bet",
                "gate-ti", "beta or delta", "alpha -beta", "bet -beta", "-mail", "-\"gate time\"", "error -er", "main or \"alps gamma\" -x",
                "deploy or nothere", "zzz", "ALPHA", "Gätewäy",
                // prefixes at and beyond the indexed length; phrases of three words, exact and ending in a prefix
                "conf", "confi", "configur", "configura", "configurat", "gatew", "configurable", "\"configuration\"", "\"configur\"",
                "alpha-beta-ga", "gate time mail", "\"alpha beta gamma\"", "\"gate gate\"", "error-time-\"ma\"",
                // four and five words (runs of three as filters, then positions), and ending in a prefix
                "\"alpha beta gamma delta\"", "\"gate time mail error main\"", "alpha-beta-gamma-de",
                "-configu",
                // three words of which at most one is long (one key), two or three long ones (their pairs,
                // then positions), longer phrases mixing both, ending in a prefix; the same words in
                // another order; in a staff note only
                "\"alps bet main\"", "\"bet main gateway\"", "\"invoice mail R5\"", "\"main gateway timeout\"",
                "\"gateway timeout invoice\"", "\"main gateway timeout invoice mail\"", "\"alps bet main gateway timeout\"",
                "\"timeout gateway main\"", "alps-bet-main-gat", "main-gateway-timeout-inv", "\"invoice deploy gate\"",
                "\"deploy gate serve\"", "\"deploy gate serve alpha\"", "\"serve gate deploy\""));
        PHRASES.forEach(p -> q.add("\"" + p + "\""));
        return q;
    }

    private record Variant(String query, List<String> statuses, List<String> sort, List<String> order, int limit, int skip) {
    }

    @Test
    void everySearchGivesWhatTheSqlIndexGives() {
        List<Variant> variants = new ArrayList<>();
        for (String q : queries()) {
            variants.add(new Variant(q, List.of(), List.of("lastMessage.createdAt"), List.of(), 100, 0));
        }
        String[][] sorts = {{"title"}, {"createdAt"}, {"shortId"}, {"conversationId"}, {"title", "createdAt"}};
        Random random = new Random(11);
        for (String q : List.of("a", "gate", "error -mail", "\"gateway error\"", "beta or delta")) {
            for (String[] sort : sorts) {
                String order = random.nextBoolean() ? "asc" : "desc";
                variants.add(new Variant(q, List.of(), List.of(sort), List.of(order), 100, 0));
            }
            variants.add(new Variant(q, List.of("closed"), List.of("lastMessage.createdAt"), List.of(), 100, 0));
            variants.add(new Variant(q, List.of("open", "answered", "inProgress", "waiting"), List.of("lastMessage.createdAt"),
                    List.of("asc"), 100, 0));
            variants.add(new Variant(q, List.of(), List.of("lastMessage.createdAt"), List.of(), 7, 5));
            variants.add(new Variant(q, List.of(), List.of("lastMessage.createdAt"), List.of(), 3, 200));
        }
        int compared = 0;
        for (String role : List.of("customer-owner", "customer-member", "project-member", "outsider", "employee")) {
            String token = server.user(role).token();
            Caller caller = server.parley().database().read(h -> IdentityRepository.callerFor(h,
                    IdentityRepository.findUser(h, server.user(role).userId()).orElseThrow(), "test"));
            for (Variant v : variants) {
                ApiResponse r = api.listConversations(token, query(v)).assertStatus(200);
                List<String> lucene = r.json().findValuesAsText("conversationId");
                SearchIndex.Search s = SearchIndex.parse(v.query(), 16);
                ConversationRepository.Page sql = server.parley().database().read(h -> ConversationRepository.list(h, caller,
                        new ConversationRepository.ListQuery(v.statuses(), s.groups(), s.exclusion(), v.sort(), v.order(),
                                v.limit(), v.skip())));
                List<String> expected = sql.rows().stream().map(c -> c.conversationId()).toList();
                assertThat(lucene).as("%s: %s", role, v).isEqualTo(expected);
                assertThat(Long.parseLong(r.header("X-Pagination-TotalCount"))).as("total, %s: %s", role, v).isEqualTo(sql.total());
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(300);
    }

    private static String query(Variant v) {
        StringBuilder q = new StringBuilder("fullTextSearch=" + URLEncoder.encode(v.query(), StandardCharsets.UTF_8));
        v.statuses().stream().filter(s -> !List.of("answered", "inProgress", "waiting").contains(s))
                .forEach(s -> q.append("&status=").append(s));
        v.sort().forEach(s -> q.append("&sort=").append(s));
        v.order().forEach(o -> q.append("&order=").append(o));
        q.append("&limit=").append(v.limit()).append("&skip=").append(v.skip());
        return q.toString();
    }
}
