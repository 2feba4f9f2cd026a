package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listing conversations: pagination and its headers, both sort notations, the status filter,
 * and fullTextSearch (title, shortId, message text, phrases, prefixes, {@code or}, {@code -}exclusions,
 * hostile input, and what each caller may find). Each test scopes itself by a unique word in its titles, so the tests
 * share one server without seeing each other's data.
 */
class ListSearchTest {
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String member;
    static String outsider;
    static String employee;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        member = server.user("customer-member").token();
        outsider = server.user("outsider").token();
        employee = server.user("employee").token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A word no other test uses: letters only, so it is one search token. */
    static String uniqueWord() {
        StringBuilder out = new StringBuilder("w");
        for (char ch : UUID.randomUUID().toString().replace("-", "").toCharArray()) {
            out.append((char) ('a' + Character.digit(ch, 16)));
        }
        return out.substring(0, 14);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static Map<String, Object> shared() {
        return Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId());
    }

    static String create(String token, String title) {
        return api.newConversation(token, Map.of("title", title, "sharedWith", shared()));
    }

    static List<String> ids(ApiResponse r) {
        return r.assertStatus(200).json().findValuesAsText("conversationId");
    }

    static List<String> titles(ApiResponse r) {
        List<String> out = new ArrayList<>();
        r.assertStatus(200).json().forEach(c -> out.add(c.path("title").asText()));
        return out;
    }

    static List<String> search(String token, String text) {
        return ids(api.listConversations(token, "fullTextSearch=" + enc(text)));
    }

    // ---- pagination ---------------------------------------------------------------------------

    @Test
    void limitSkipAndPageWithTheirHeaders() {
        String word = uniqueWord();
        for (int i = 0; i < 7; i++) {
            create(owner, word + " page item " + i);
        }
        String q = "fullTextSearch=" + word + "&sort=title&order=asc";
        ApiResponse all = api.listConversations(owner, q);
        List<String> allTitles = titles(all);
        assertThat(allTitles).hasSize(7);
        assertThat(all.header("X-Pagination-Limit")).isEqualTo("100");
        assertThat(all.header("X-Pagination-Skip")).isEqualTo("0");
        assertThat(all.header("X-Pagination-Page")).isEqualTo("1");
        assertThat(all.header("X-Pagination-TotalCount")).isEqualTo("7");

        ApiResponse second = api.listConversations(owner, q + "&limit=3&skip=3");
        assertThat(titles(second)).containsExactlyElementsOf(allTitles.subList(3, 6));
        assertThat(second.header("X-Pagination-Limit")).isEqualTo("3");
        assertThat(second.header("X-Pagination-Skip")).isEqualTo("3");
        assertThat(second.header("X-Pagination-Page")).isEqualTo("2");
        assertThat(second.header("X-Pagination-TotalCount")).isEqualTo("7");

        ApiResponse third = api.listConversations(owner, q + "&limit=3&page=3");
        assertThat(titles(third)).containsExactlyElementsOf(allTitles.subList(6, 7));
        assertThat(third.header("X-Pagination-Skip")).isEqualTo("6");
        assertThat(third.header("X-Pagination-Page")).isEqualTo("3");
        assertThat(third.header("X-Pagination-TotalCount")).isEqualTo("7");

        ApiResponse beyond = api.listConversations(owner, q + "&limit=3&skip=30");
        assertThat(titles(beyond)).isEmpty();
        assertThat(beyond.header("X-Pagination-TotalCount")).isEqualTo("7");

        ApiResponse none = api.listConversations(owner, q + "&limit=0");
        assertThat(titles(none)).isEmpty();
        assertThat(none.header("X-Pagination-TotalCount")).isEqualTo("7");
    }

    @Test
    void skipWinsOverPageAsTheContractSays() {
        String word = uniqueWord();
        for (int i = 0; i < 4; i++) {
            create(owner, word + " both " + i);
        }
        String q = "fullTextSearch=" + word + "&sort=title&order=asc";
        List<String> allTitles = titles(api.listConversations(owner, q));
        ApiResponse r = api.listConversations(owner, q + "&limit=2&skip=1&page=2");
        assertThat(titles(r)).containsExactlyElementsOf(allTitles.subList(1, 3));
        assertThat(r.header("X-Pagination-Skip")).isEqualTo("1");
    }

    @Test
    void totalCountCountsOnlyWhatTheCallerMaySee() {
        String word = uniqueWord();
        for (int i = 0; i < 3; i++) {
            create(owner, word + " visible " + i);
        }
        api.newConversation(owner, Map.of("title", word + " private to the owner"));
        api.newConversation(outsider, Map.of("title", word + " of the outsider"));

        ApiResponse asOwner = api.listConversations(owner, "fullTextSearch=" + word + "&limit=1");
        assertThat(asOwner.header("X-Pagination-TotalCount")).isEqualTo("4");
        ApiResponse asMember = api.listConversations(member, "fullTextSearch=" + word + "&limit=1");
        assertThat(asMember.header("X-Pagination-TotalCount")).isEqualTo("3");
        ApiResponse asOutsider = api.listConversations(outsider, "fullTextSearch=" + word);
        assertThat(asOutsider.header("X-Pagination-TotalCount")).isEqualTo("1");
        assertThat(titles(asOutsider)).containsExactly(word + " of the outsider");
        ApiResponse asEmployee = api.listConversations(employee, "fullTextSearch=" + word + "&limit=2");
        assertThat(asEmployee.header("X-Pagination-TotalCount")).isEqualTo("5");
        assertThat(titles(asEmployee)).hasSize(2);
    }

    // ---- sort ---------------------------------------------------------------------------------

    @Test
    void sortByTitleInBothNotations() {
        String word = uniqueWord();
        for (String t : List.of("charlie", "alpha", "bravo")) {
            create(owner, word + " " + t);
        }
        String base = "fullTextSearch=" + word;
        List<String> asc = List.of(word + " alpha", word + " bravo", word + " charlie");
        List<String> desc = List.of(word + " charlie", word + " bravo", word + " alpha");
        assertThat(titles(api.listConversations(owner, base + "&sort=title&order=asc"))).containsExactlyElementsOf(asc);
        assertThat(titles(api.listConversations(owner, base + "&sort=title&order=desc"))).containsExactlyElementsOf(desc);
        assertThat(titles(api.listConversations(owner, base + "&" + enc("sort[0]") + "=title&" + enc("order[0]") + "=asc")))
                .containsExactlyElementsOf(asc);
        assertThat(titles(api.listConversations(owner, base + "&sort%5B0%5D=title&order%5B0%5D=desc")))
                .containsExactlyElementsOf(desc);
    }

    /** The title order of every engine: ASCII letters without case, then code point by code point. */
    static int titleOrder(String a, String b) {
        String x = asciiLower(a);
        String y = asciiLower(b);
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) {
                return Integer.compare(cx, cy);
            }
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }

    static String asciiLower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            out.append(ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch);
        }
        return out.toString();
    }

    @Test
    void sortByTitleIsTheSameOnEveryEngine() {
        // neither the database's collation nor its idea of lower case may change the order
        String word = uniqueWord();
        List<String> names = List.of("b-side", "B2", "bz", "a z", "A_Z", "aa", "Zulu", "zebra", "äpfel", "Ärger", "Ängste",
                "éclair", "Eclair", "_under", "10 items", "9 items", "~tilde", "Ωmega", "ωmega", "日本", "\uD83D\uDE00 smile",
                "\uFF21 wide");
        for (String t : names) {
            create(owner, word + " " + t);
        }
        List<String> expected = new ArrayList<>();
        for (String t : names) {
            expected.add(word + " " + t);
        }
        expected.sort(ListSearchTest::titleOrder);
        String base = "fullTextSearch=" + word;
        assertThat(titles(api.listConversations(owner, base + "&sort=title&order=asc"))).containsExactlyElementsOf(expected);
        List<String> reversed = new ArrayList<>(expected);
        java.util.Collections.reverse(reversed);
        assertThat(titles(api.listConversations(owner, base + "&sort=title&order=desc"))).containsExactlyElementsOf(reversed);
    }

    @Test
    void multipleSortKeysInBothNotations() {
        String word = uniqueWord();
        for (String t : List.of("same", "same", "same", "other", "other")) {
            create(owner, word + " " + t);
        }
        String base = "fullTextSearch=" + word;
        // title ascending, then shortId descending
        Comparator<JsonNode> expected = Comparator.<JsonNode, String>comparing(c -> c.path("title").asText())
                .thenComparing(Comparator.<JsonNode, String>comparing(c -> c.path("shortId").asText()).reversed());
        for (String query : List.of("&sort=title&sort=shortId&order=asc&order=desc",
                "&sort%5B0%5D=title&order%5B0%5D=asc&sort%5B1%5D=shortId&order%5B1%5D=desc",
                // the index decides, not the order of the keys in the query string
                "&sort%5B1%5D=shortId&order%5B1%5D=desc&sort%5B0%5D=title&order%5B0%5D=asc")) {
            JsonNode list = api.listConversations(owner, base + query).assertStatus(200).json();
            List<JsonNode> items = new ArrayList<>();
            list.forEach(items::add);
            assertThat(items).hasSize(5);
            List<JsonNode> sorted = new ArrayList<>(items);
            sorted.sort(expected);
            assertThat(items).as(query).containsExactlyElementsOf(sorted);
        }
        // shortId ascending only
        JsonNode byShortId = api.listConversations(owner, base + "&sort=shortId&order=asc").assertStatus(200).json();
        List<String> shortIds = byShortId.findValuesAsText("shortId");
        assertThat(shortIds).isSorted();
    }

    @Test
    void defaultSortIsNewestActivityFirst() {
        String word = uniqueWord();
        String first = create(owner, word + " first");
        String second = create(owner, word + " second");
        assertThat(search(owner, word)).containsExactly(second, first);
        api.createMessage(owner, first, Map.of("messageContent", "bump")).assertStatus(201);
        assertThat(search(owner, word)).containsExactly(first, second);
        assertThat(ids(api.listConversations(owner, "fullTextSearch=" + word + "&sort=createdAt&order=asc")))
                .containsExactly(first, second);
    }

    // ---- status filter ------------------------------------------------------------------------

    @Test
    void statusFilterOpenMeansUnresolved() {
        String word = uniqueWord();
        String open = create(owner, word + " open");
        String closed = create(owner, word + " closed");
        api.setStatus(owner, closed, "closed").assertStatus(200);
        String answered = create(owner, word + " answered");
        api.createMessage(employee, answered, Map.of("messageContent", "answer")).assertStatus(201);
        String inProgress = create(owner, word + " in progress");
        api.setStatus(employee, inProgress, "inProgress").assertStatus(200);
        String waiting = create(owner, word + " waiting");
        api.setStatus(employee, waiting, "waiting").assertStatus(200);

        assertThat(ids(api.listConversations(owner, "fullTextSearch=" + word + "&status=open")))
                .containsExactlyInAnyOrder(open, answered, inProgress, waiting);
        ApiResponse closedOnly = api.listConversations(owner, "fullTextSearch=" + word + "&status=closed");
        assertThat(ids(closedOnly)).containsExactly(closed);
        assertThat(closedOnly.header("X-Pagination-TotalCount")).isEqualTo("1");
        assertThat(ids(api.listConversations(owner, "fullTextSearch=" + word + "&status=open&status=closed")))
                .hasSize(5);
        assertThat(ids(api.listConversations(owner, "fullTextSearch=" + word))).hasSize(5);
    }

    // ---- full-text search ---------------------------------------------------------------------

    @Test
    void searchFindsTitleShortIdAndMessageText() {
        String word = uniqueWord();
        String messageWord = uniqueWord();
        String byTitle = create(owner, word + " printer on fire");
        String byMessage = create(owner, "Something else entirely");
        api.createMessage(owner, byMessage, Map.of("messageContent", "the " + messageWord + " is broken")).assertStatus(201);
        String shortId = api.getConversation(owner, byTitle).json().path("shortId").asText();

        assertThat(search(owner, word)).containsExactly(byTitle);
        assertThat(search(owner, messageWord)).containsExactly(byMessage);
        assertThat(search(owner, shortId)).containsExactly(byTitle);
        assertThat(search(owner, shortId.toLowerCase())).containsExactly(byTitle);
        // case does not matter
        assertThat(search(owner, word.toUpperCase())).containsExactly(byTitle);
        // a word that is nowhere
        assertThat(search(owner, uniqueWord())).isEmpty();
    }

    @Test
    void searchWordsMayComeFromTitleAndMessagesTogether() {
        String word = uniqueWord();
        String other = uniqueWord();
        String id = create(owner, word + " gateway");
        api.createMessage(owner, id, Map.of("messageContent", "error " + other)).assertStatus(201);
        assertThat(search(owner, word + " " + other)).containsExactly(id);
        assertThat(search(owner, word + " " + uniqueWord())).isEmpty();
    }

    @Test
    void aSearchWithManyWordsStillNeedsAllOfThem() {
        String word = uniqueWord();
        String id = create(owner, word + " one two three four five six seven eight nine ten");
        api.createMessage(owner, id, Map.of("messageContent", "eleven twelve thirteen fourteen fifteen sixteen seventeen "
                + "eighteen nineteen twenty")).assertStatus(201);
        String all = word + " one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
                + " sixteen seventeen eighteen nineteen twenty";
        assertThat(search(owner, all)).containsExactly(id);
        assertThat(search(owner, all + " " + uniqueWord())).isEmpty();
        assertThat(search(owner, uniqueWord() + " " + all)).isEmpty();
    }

    @Test
    void renamingAndEditingMoveTheSearchHits() {
        String oldWord = uniqueWord();
        String newWord = uniqueWord();
        String id = create(owner, oldWord + " before");
        api.updateConversation(owner, id, Map.of("title", newWord + " after")).assertStatus(200);
        assertThat(search(owner, oldWord)).isEmpty();
        assertThat(search(owner, newWord)).containsExactly(id);

        String oldText = uniqueWord();
        String newText = uniqueWord();
        String messageId = api.createMessage(owner, id, Map.of("messageContent", "says " + oldText)).assertStatus(201)
                .json().path("messageId").asText();
        api.updateMessage(owner, id, messageId, Map.of("messageContent", "says " + newText)).assertStatus(200);
        assertThat(search(owner, oldText)).isEmpty();
        assertThat(search(member, newText)).containsExactly(id);
    }

    @Test
    void quotedPhrasesMatchWordsInOrderOnly() {
        String word = uniqueWord();
        String together = create(owner, word + " bad gateway today");
        String apart = create(owner, word + " gateway was bad");
        assertThat(search(owner, word + " \"bad gateway\"")).containsExactly(together);
        assertThat(search(owner, word + " bad gateway")).containsExactlyInAnyOrder(together, apart);
        assertThat(search(owner, word + " \"gateway bad\"")).isEmpty();
    }

    @Test
    void aPhraseNeverSpansTwoMessagesOrTheTitle() {
        String word = uniqueWord();
        String id = api.newConversation(owner, Map.of("title", word + " closing", "sharedWith", shared(),
                "messageContent", "opening " + word + "x tail"));
        api.createMessage(owner, id, Map.of("messageContent", word + "y head of the second")).assertStatus(201);
        // within one message, in order
        assertThat(search(owner, "\"" + word + "x tail\"")).containsExactly(id);
        assertThat(search(owner, "\"" + word + "y head of\"")).containsExactly(id);
        // across the end of one message and the start of the next, and across the title's end
        assertThat(search(owner, "\"tail " + word + "y\"")).isEmpty();
        assertThat(search(owner, "\"" + word + "x tail " + word + "y\"")).isEmpty();
        assertThat(search(owner, "\"tail " + word + "y head\"")).isEmpty();
        assertThat(search(owner, "\"closing opening\"")).doesNotContain(id);
        // the words themselves are there
        assertThat(search(owner, "tail " + word + "y")).containsExactly(id);
    }

    @Test
    void barWordsMatchAsPrefixesButPhrasesDoNot() {
        String word = uniqueWord();
        String id = create(owner, word + " invoice");
        assertThat(search(owner, word.substring(0, 10))).containsExactly(id);
        assertThat(search(owner, word + " inv")).containsExactly(id);
        assertThat(search(owner, word + " \"inv\"")).isEmpty();
        // a prefix must be a prefix, not a substring
        assertThat(search(owner, word + " voice")).isEmpty();
    }

    @Test
    void searchIgnoresCaseAndDiacriticsOnEveryEngine() {
        String word = uniqueWord();
        String id = create(owner, word + " Über die Größe des Cafés");
        for (String q : List.of("über", "uber", "ÜBER", "UBER", "größe", "gro", "cafes", "CAFÉS", "café")) {
            assertThat(search(owner, word + " " + q)).as(q).containsExactly(id);
        }
        assertThat(search(owner, word + " \"uber die grosse\"")).as("ß is a letter of its own").isEmpty();
        assertThat(search(owner, word + " \"uber die große\"")).containsExactly(id);
        // decomposed input (e + combining acute) is the same word
        assertThat(search(owner, word + " cafe\u0301s")).containsExactly(id);
    }

    @Test
    void searchFindsWordsInsideHostsAddressesPathsAndVersions() {
        String host = uniqueWord();
        String user = uniqueWord();
        String file = uniqueWord();
        String hyphen = uniqueWord();
        String id = create(owner, "Mail trouble");
        api.createMessage(owner, id, Map.of("messageContent", "www." + host + ".example.com rejects " + user
                + "@example.org, see /var/log/" + file + ".log (version 10.2.3) and " + hyphen + "-based tools"))
                .assertStatus(201);
        assertThat(search(owner, host)).containsExactly(id);
        assertThat(search(owner, "www." + host + ".example.com")).containsExactly(id);
        assertThat(search(owner, user)).containsExactly(id);
        assertThat(search(owner, user + "@example.org")).containsExactly(id);
        assertThat(search(owner, file)).containsExactly(id);
        assertThat(search(owner, "/var/log/" + file + ".log")).containsExactly(id);
        assertThat(search(owner, host + " \"10.2.3\"")).containsExactly(id);
        assertThat(search(owner, host + " \"10.2.4\"")).isEmpty();
        assertThat(search(owner, hyphen)).containsExactly(id);
        assertThat(search(owner, hyphen + "-based")).containsExactly(id);
        assertThat(search(owner, "\"" + hyphen + " based\"")).containsExactly(id);
    }

    @Test
    void customersNeverFindOtherCustomersConversationsOrStaffNotes() {
        String word = uniqueWord();
        String noteWord = uniqueWord();
        String id = create(owner, word + " secret project");
        api.createMessage(employee, id, Map.of("messageContent", "internal " + noteWord, "internal", true)).assertStatus(201);

        assertThat(search(outsider, word)).isEmpty();
        assertThat(api.listConversations(outsider, "fullTextSearch=" + word).header("X-Pagination-TotalCount")).isEqualTo("0");
        String shortId = api.getConversation(owner, id).json().path("shortId").asText();
        assertThat(search(outsider, shortId)).isEmpty();

        assertThat(search(owner, noteWord)).isEmpty();
        assertThat(search(member, noteWord)).isEmpty();
        assertThat(search(owner, word + " " + noteWord)).isEmpty();
        assertThat(search(employee, noteWord)).containsExactly(id);
        assertThat(search(member, word)).containsExactly(id);
    }

    @Test
    void orLetsEitherTermMatch() {
        String word = uniqueWord();
        String a = uniqueWord();
        String b = uniqueWord();
        String inTitle = create(owner, word + " " + a);
        String inMessage = create(owner, word + " other");
        api.createMessage(owner, inMessage, Map.of("messageContent", "see \"" + b + " here\"")).assertStatus(201);
        String neither = create(owner, word + " neither");
        assertThat(search(owner, word + " " + a + " or " + b)).containsExactlyInAnyOrder(inTitle, inMessage);
        assertThat(search(owner, a + " OR " + b)).containsExactlyInAnyOrder(inTitle, inMessage);
        assertThat(search(owner, word + " " + a.substring(0, 10) + " Or \"" + b + " here\"")).containsExactlyInAnyOrder(inTitle, inMessage);
        assertThat(search(owner, word + " " + a + " or " + uniqueWord())).containsExactly(inTitle);
        // without or, both are needed
        assertThat(search(owner, word + " " + a + " " + b)).isEmpty();
        assertThat(search(owner, word)).containsExactlyInAnyOrder(inTitle, inMessage, neither);
    }

    @Test
    void minusExcludesConversationsWhereAWordOrPhraseMatchesAnyRow() {
        String word = uniqueWord();
        String bad = uniqueWord();
        String inTitle = create(owner, word + " " + bad + " gateway");
        String inMessage = create(owner, word + " second");
        api.createMessage(owner, inMessage, Map.of("messageContent", "gateway " + bad)).assertStatus(201);
        String clean = create(owner, word + " clean");
        assertThat(search(owner, word + " -" + bad)).containsExactly(clean);
        assertThat(search(owner, word + " -" + bad.substring(0, 10))).containsExactly(clean);
        assertThat(search(owner, word + " -\"" + bad + " gateway\"")).containsExactlyInAnyOrder(inMessage, clean);
        assertThat(search(owner, word + " -\"gateway " + bad + "\" -clean")).containsExactly(inTitle);
        assertThat(search(owner, word + " -" + uniqueWord())).containsExactlyInAnyOrder(inTitle, inMessage, clean);
        // or and exclusions together
        assertThat(search(owner, "second or clean -" + bad + " " + word)).containsExactly(clean);
        // only exclusions: every conversation the caller may see that does not contain them
        assertThat(search(employee, "-" + bad)).contains(clean).doesNotContain(inTitle, inMessage);
        for (String token : List.of(owner, employee)) {
            long all = total(token, "");
            assertThat(total(token, "fullTextSearch=" + enc("-" + bad))).isEqualTo(all - 2);
            assertThat(total(token, "fullTextSearch=" + enc("-" + uniqueWord()))).isEqualTo(all);
        }
    }

    static long total(String token, String query) {
        return Long.parseLong(api.listConversations(token, query).assertStatus(200).header("X-Pagination-TotalCount"));
    }

    @Test
    void staffNotesNeverExcludeForCustomers() {
        String word = uniqueWord();
        String noteWord = uniqueWord();
        String id = create(owner, word + " with a note");
        String other = create(owner, word + " without");
        api.createMessage(employee, id, Map.of("messageContent", "internal " + noteWord, "internal", true)).assertStatus(201);

        assertThat(search(owner, word + " -" + noteWord)).containsExactlyInAnyOrder(id, other);
        assertThat(search(member, word + " -" + noteWord)).containsExactlyInAnyOrder(id, other);
        assertThat(search(employee, word + " -" + noteWord)).containsExactly(other);
        // nor does a note satisfy an or for customers
        assertThat(search(owner, noteWord + " or " + uniqueWord())).isEmpty();
        assertThat(search(employee, noteWord + " or " + uniqueWord())).containsExactly(id);
    }

    static Stream<String> hostileSearches() {
        return Stream.of("\"", "\"\"", "\"\"\"", "*", "**", "NEAR(a b)", "NEAR(a b, 2)", "a OR b", "a AND b", "NOT a",
                "title:x", "body:x", "-x", "+x", "^x", "(", ")", "()", "{a b}", "[a]", "'; DROP TABLE conversations; --",
                "\"; DROP TABLE conversations; --", "%", "_", "%_%", "\\", "\\\"", "'", "''", "a'b", "x*y", "a:b:c",
                "or", "OR", "a or", "or a", "a or or b", "-", "--", "-or", "- or -", "-\"\"", "-\"", "-*", "-\u0301", "a or \u0301",
                "\u0301 or \u0301", "-(a or b)", "a -\"b or\" OR c", manyDistinctWords(300).replace(" ", " or "),
                manyDistinctWords(300).replace("w", "-w"),
                "ü", "Größe", "über", "\uD83D\uDE00", "\uD83D\uDE00 smile", "שלום", "مرحبا", "\u202Eevil\u202C",
                "a\u0301", "\u0301", "\u0000", "a\u0000b", "\t\n\r", "\u0007\u001B", "\uFEFF", "\u200B",
                "a".repeat(5000), "ab ".repeat(1666), manyDistinctWords(700), manyDistinctPhrases(300), "\"" + "x ".repeat(2000) + "\"", "\uD83D\uDE00".repeat(500));
    }

    static String manyDistinctWords(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append('w').append(i).append(' ');
        }
        return out.toString();
    }

    static String manyDistinctPhrases(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append("\"p").append(i).append(" q\" ");
        }
        return out.toString();
    }

    @ParameterizedTest
    @MethodSource("hostileSearches")
    void hostileSearchStringsGiveAValidList(String text) {
        for (String token : List.of(owner, employee)) {
            ApiResponse r = api.listConversations(token, "fullTextSearch=" + enc(text));
            r.assertStatus(200);
            assertThat(r.json().isArray()).isTrue();
            assertThat(r.header("X-Pagination-TotalCount")).matches("\\d+");
        }
        // the same string as a title and a message is stored as sent and found back by the shortId
        String title = text.strip();
        if (text.indexOf(0) >= 0) {
            // U+0000 is refused on every engine alike (PostgreSQL text cannot hold it)
            api.createConversation(owner, Map.of("title", title, "messageContent", text)).assertError(400, "ValidationError");
            return;
        }
        if (!title.isEmpty() && title.length() <= ConversationService.MAX_TITLE_LENGTH) {
            String id = api.newConversation(owner, Map.of("title", title, "messageContent", text));
            JsonNode c = api.getConversation(owner, id).assertStatus(200).json();
            assertThat(c.path("title").asText()).isEqualTo(title);
            assertThat(api.listMessages(owner, id).assertStatus(200).json().get(1).path("messageContent").asText())
                    .isEqualTo(text);
            assertThat(search(owner, c.path("shortId").asText())).containsExactly(id);
        }
    }

    @Test
    void hostileStringsInTitlesAndMessagesAreFoundLikeAnyOther() {
        String word = uniqueWord();
        String id = create(owner, word + " Größe über 100% 'quoted' \"double\"");
        api.createMessage(owner, id, Map.of("messageContent", "NEAR(a b) OR title:x -- " + word)).assertStatus(201);
        assertThat(search(owner, word + " größe")).containsExactly(id);
        assertThat(search(owner, word + " \"über 100\"")).containsExactly(id);
        assertThat(search(owner, word + " NEAR(a b)")).containsExactly(id);
        assertThat(search(owner, word + " title:x")).containsExactly(id);
    }
}
