package dev.parley.conversation;

import dev.parley.identity.Caller;
import dev.parley.identity.IdentityRepository;
import dev.parley.identity.User;
import dev.parley.storage.Database;
import dev.parley.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search paths of the list query give the same conversations in the same order: on
 * PostgreSQL a search is either confined first to the conversations of its rarest term or run
 * unconfined ({@link PostgresSearch}), a customer's terms through their audience keys;
 * which one depends on statistics and the customer's conversations, so each is forced here
 * ({@link SearchLimits}) and compared with each other and with what the data says. The same
 * test runs on SQLite, so both engines are held to the same expectations. Counts are exact up to
 * the cap and the cap above it (a cap of 5 stands in for 10,000).
 */
class SearchPlanTest {
    private static final int CONVERSATIONS = 36;
    private static final List<String> STATUSES = List.of("open", "answered", "closed", "inProgress");
    /**
     * Never confined; always confined (when a term is searched), a member's terms read through
     * their audience keys; staff always confined while a member walks (few conversations); and
     * the defaults.
     */
    private static final List<SearchLimits> PATHS = List.of(new SearchLimits(-1, 10_000),
            new SearchLimits(Double.MAX_VALUE, 10_000, -1), new SearchLimits(Double.MAX_VALUE, 10_000, Long.MAX_VALUE),
            SearchLimits.DEFAULT);

    private static TestDatabase store;
    private static Path sqliteDir;
    private static Database database;
    private static Caller member;
    private static Caller employee;
    /** Conversation i: id, sort key, status; i >= 30 are shared with another customer. */
    private static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void seed() throws IOException {
        store = TestDatabase.create();
        if (store.url() == null) {
            sqliteDir = Files.createTempDirectory("parley-search-plan");
        }
        database = Database.open(store.url() != null ? store.url() : "jdbc:sqlite:" + sqliteDir.resolve("parley.db"));
        database.write(h -> {
            String memberId = IdentityRepository.createUser(h, "Member", null, false);
            String employeeId = IdentityRepository.createUser(h, "Employee", null, true);
            String customer = IdentityRepository.createCustomer(h, "Customer");
            String other = IdentityRepository.createCustomer(h, "Other");
            IdentityRepository.addCustomerMember(h, customer, memberId, "member");
            member = new Caller(new User(memberId, "Member", null, true, false), Set.of(customer), Set.of(), Set.of(), "m");
            employee = new Caller(new User(employeeId, "Employee", null, true, true), Set.of(), Set.of(), Set.of(), "e");
            for (int i = 0; i < CONVERSATIONS; i++) {
                // the last ones the member neither shares nor created (a creator sees their own)
                ids.add(i < 30 ? insert(h, i, memberId, customer) : insert(h, i, employeeId, other));
            }
            return null;
        });
    }

    @AfterAll
    static void close() throws IOException {
        database.close();
        store.close();
        if (sqliteDir != null) {
            try (var files = Files.walk(sqliteDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Every title has "alpha"; the messages vary with i (see the predicates of the tests). */
    private static String insert(Handle h, int i, String creator, String customer) {
        String id = UUID.randomUUID().toString();
        String title = String.format("Case %02d alpha", i);
        h.createUpdate("""
                        INSERT INTO conversations (conversation_id, short_id, title, status, created_at, created_by,
                            main_user_id, shared_aggregate, shared_id, sort_at)
                        VALUES (:id, :short, :title, :status, :created, :by, :by, 'customer', :customer, :sortAt)""")
                .bind("id", id).bind("short", "S" + (1000 + i)).bind("title", title)
                .bind("status", STATUSES.get(i % STATUSES.size())).bind("created", 1000 - i).bind("by", creator)
                .bind("customer", customer).bind("sortAt", sortAt(i)).execute();
        SearchIndex.indexConversation(h, id, title, "S" + (1000 + i));
        if (i % 3 == 0) {
            message(h, id, "the quick zephyr report", false);
        }
        if (i % 5 == 0) {
            message(h, id, "zephyrine border", false);
        }
        if (i % 4 == 1) {
            message(h, id, "zephyr in a staff note, quick", true);
        }
        if (i % 6 == 0) {
            message(h, id, "beta gamma", false);
        }
        return id;
    }

    /** Pairs of conversations share a sort key: the id decides between them. */
    private static long sortAt(int i) {
        return 5_000 + (i / 2) * 10L;
    }

    private static void message(Handle h, String conversationId, String text, boolean internal) {
        SearchIndex.indexMessage(h, new TimelineEntry(UUID.randomUUID().toString(), conversationId, 1, "MESSAGE", 1,
                null, text, internal, null));
    }

    private static final IntPredicate quickZephyr = i -> i % 3 == 0;
    private static final IntPredicate zephyrPublic = i -> i % 3 == 0 || i % 5 == 0;
    private static final IntPredicate staffNote = i -> i % 4 == 1;

    @Test
    void aPrefixFindsPublicRowsForMembersAndNotesForStaff() {
        check("zephyr", List.of(), zephyrPublic, zephyrPublic.or(staffNote));
    }

    @Test
    void aPhraseMatchesOnlyWordsInOrderInOneRow() {
        check("\"quick zephyr\"", List.of(), quickZephyr, quickZephyr);
        // "zephyr … quick" is in the staff note, in the other order
        check("\"zephyr quick\"", List.of(), i -> false, i -> false);
    }

    @Test
    void aRareTermWithAFrequentOneNeedsBoth() {
        check("alpha zephyrine", List.of(), i -> i % 5 == 0, i -> i % 5 == 0);
        check("zephyrine alpha \"quick zephyr\"", List.of(), i -> i % 15 == 0, i -> i % 15 == 0);
    }

    @Test
    void termsMayMatchDifferentRowsOfAConversation() {
        // "beta" in one message, "zephyrine" in another
        check("beta zephyrine", List.of(), i -> i % 30 == 0, i -> i % 30 == 0);
        // for staff the note's "quick" and a title's "alpha" are enough
        check("quick alpha", List.of(), quickZephyr, quickZephyr.or(staffNote));
    }

    @Test
    void orLetsEitherMatch() {
        check("zephyrine or beta", List.of(), i -> i % 5 == 0 || i % 6 == 0, i -> i % 5 == 0 || i % 6 == 0);
    }

    @Test
    void exclusionsDropConversationsWithAVisibleMatch() {
        // a staff note excludes for staff only
        check("alpha -zephyr", List.of(), zephyrPublic.negate(), zephyrPublic.or(staffNote).negate());
        check("zephyr -\"quick zephyr\"", List.of(), i -> i % 5 == 0 && i % 3 != 0,
                i -> (i % 5 == 0 || i % 4 == 1) && i % 3 != 0);
    }

    @Test
    void aStatusFilterAppliesToTheConfinedConversations() {
        IntPredicate open = i -> i % STATUSES.size() == 0;
        check("zephyr", List.of("open"), zephyrPublic.and(open), zephyrPublic.or(staffNote).and(open));
    }

    @Test
    void aTermWithoutMatchesFindsNothing() {
        check("zzqx", List.of(), i -> false, i -> false);
        check("alpha zzqx", List.of(), i -> false, i -> false);
    }

    @Test
    void everySortOrderAndPageIsTheSameOnEveryPath() {
        for (List<String> sort : List.<List<String>>of(List.of(), List.of("createdAt"), List.of("title"), List.of("shortId"),
                List.of("lastMessage.createdAt", "title"))) {
            for (String order : List.of("asc", "desc")) {
                for (long skip : List.of(0L, 3L, 11L)) {
                    for (Caller caller : List.of(member, employee)) {
                        var q = new ConversationRepository.ListQuery(List.of(), List.of("\"zephyr\"*", "\"alpha\"*"),
                                null, sort, List.of(order), 4, skip);
                        List<List<String>> pages = new ArrayList<>();
                        for (SearchLimits limits : PATHS) {
                            pages.add(database.read(h -> ids(ConversationRepository.list(h, caller, q, limits))));
                        }
                        assertThat(pages).as("%s %s skip %d", sort, order, skip).allSatisfy(p -> assertThat(p).isEqualTo(pages.get(0)));
                        assertThat(pages.get(0)).as("%s %s skip %d", sort, order, skip).isNotEmpty();
                    }
                }
            }
        }
    }

    @Test
    void countsAreExactUpToTheCapAndTheCapAbove() {
        var q = new ConversationRepository.ListQuery(List.of(), List.of("\"zephyr\"*"), null, List.of(), List.of(), 2, 0);
        long visible = IntStream.range(0, 30).filter(zephyrPublic).count(); // 16
        for (int cap : List.of(3, 16, 17, 100)) {
            for (SearchLimits path : PATHS) {
                var page = database.read(h -> ConversationRepository.list(h, member, q,
                        new SearchLimits(path.rareRows(), cap, path.walkConversations())));
                assertThat(page.total()).as("cap %d", cap).isEqualTo(Math.min(visible, cap));
                assertThat(page.rows()).hasSize(2);
            }
        }
        // lists without a search are counted exactly whatever the cap
        var all = new ConversationRepository.ListQuery(List.of(), List.of(), null, List.of(), List.of(), 2, 0);
        assertThat(database.read(h -> ConversationRepository.list(h, member, all, new SearchLimits(-1, 3))).total())
                .isEqualTo(30);
    }

    /**
     * PostgreSQL: a search's statements are planned for their words every time. The JDBC driver
     * prepares a statement on the server from its fifth run on, and PostgreSQL may then plan it
     * once for all values (a customer's frequent word ran into the 30 s statement timeout with a
     * plan made for another word). Twelve searches of different kinds on one connection leave
     * no statement of theirs prepared.
     */
    @Test
    void searchesAreNeverPreparedOnTheServer() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabase.isPostgresql(), "PostgreSQL's plan cache");
        List<String> prepared = database.read(h -> {
            for (int i = 0; i < 3; i++) {
                for (String input : List.of("zephyr", "alpha zephyrine", "\"quick zephyr\"", "alpha -zephyr")) {
                    SearchIndex.Search search = SearchIndex.parse(input, 16);
                    var q = new ConversationRepository.ListQuery(List.of(), search.groups(), search.exclusion(),
                            List.of(), List.of(), 5, 0);
                    ConversationRepository.list(h, member, q);
                    ConversationRepository.list(h, employee, q);
                }
            }
            return h.createQuery("SELECT statement FROM pg_prepared_statements").mapTo(String.class).list();
        });
        // (the seed's writes on this connection may be prepared: their plans do not depend on words)
        assertThat(prepared).noneMatch(statement -> (statement.startsWith("SELECT") || statement.startsWith("EXPLAIN"))
                && statement.contains("to_tsquery"));
    }

    /** Lists {@code input} on every path as both callers; each finds what its predicate says, newest first. */
    private static void check(String input, List<String> statuses, IntPredicate forMember, IntPredicate forStaff) {
        SearchIndex.Search search = SearchIndex.parse(input, 16);
        var q = new ConversationRepository.ListQuery(statuses, search.groups(), search.exclusion(),
                List.of("lastMessage.createdAt"), List.of("desc"), 50, 0);
        for (SearchLimits limits : PATHS) {
            List<String> seen = database.read(h -> ids(ConversationRepository.list(h, member, q, limits)));
            assertThat(seen).as("%s as a member, rare up to %s", input, limits.rareRows())
                    .isEqualTo(expected(forMember, 30));
            List<String> staff = database.read(h -> ids(ConversationRepository.list(h, employee, q, limits)));
            assertThat(staff).as("%s as staff, rare up to %s", input, limits.rareRows())
                    .isEqualTo(expected(forStaff, CONVERSATIONS));
        }
    }

    /** The conversations below {@code bound} that {@code matches}, newest first, ties by id. */
    private static List<String> expected(IntPredicate matches, int bound) {
        Comparator<Integer> newestFirst = Comparator.comparingLong(i -> -sortAt(i));
        return IntStream.range(0, bound).filter(matches).boxed()
                .sorted(newestFirst.thenComparing(i -> ids.get(i)))
                .map(i -> ids.get(i)).toList();
    }

    private static List<String> ids(ConversationRepository.Page page) {
        return page.rows().stream().map(ConversationRow::conversationId).toList();
    }
}
