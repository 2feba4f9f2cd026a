package dev.parley.conversation;

import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Database;
import dev.parley.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL each search row customers see carries its conversation's audience keys
 * (migration V12), and a customer's search reads the rows through them: keys that differed from
 * {@link AudienceKeys} would hide a conversation from someone who sees it, or count one in for
 * someone who does not. Checked for every shape of audience (creator alone; a different main
 * user; shared with a user, the creator or the main user again, a customer, a project, a
 * placement group, an aggregate without id),
 * for rows written as the server writes them, written by hand in SQL (the trigger) and rebuilt,
 * and that staff notes carry none.
 */
class SearchAudienceTest {
    private static TestDatabase store;
    private static Database database;
    private static String creator;
    private static String other;

    @BeforeAll
    static void open() {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "the audience column is PostgreSQL's (SQLite searches in Lucene)");
        store = TestDatabase.create();
        database = Database.open(store.url());
        database.write(h -> {
            creator = IdentityRepository.createUser(h, "Creator", null, false);
            other = IdentityRepository.createUser(h, "Other", null, false);
            return null;
        });
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
            store.close();
        }
    }

    /** {main user, shared aggregate, shared id} of each conversation tried. */
    private static List<String[]> shapes() {
        return List.of(new String[]{creator, null, null}, new String[]{other, null, null},
                new String[]{creator, "user", other}, new String[]{other, "user", creator}, new String[]{other, "user", other},
                new String[]{creator, "customer", "cust-1"}, new String[]{other, "project", "proj-1"},
                new String[]{creator, "placementgroup", "pg-1"}, new String[]{creator, "customer", null});
    }

    @Test
    void everyRowCustomersSeeCarriesItsConversationsKeys() {
        Map<String, List<String>> expected = database.write(h -> {
            Map<String, List<String>> keys = new TreeMap<>();
            for (String[] shape : shapes()) {
                String id = insert(h, shape);
                SearchIndex.indexConversation(h, id, "Title", "S" + id.substring(0, 6));
                SearchIndex.indexMessage(h, new TimelineEntry(UUID.randomUUID().toString(), id, 1, "MESSAGE", 1,
                        null, "a message customers see", false, null));
                SearchIndex.indexMessage(h, new TimelineEntry(UUID.randomUUID().toString(), id, 2, "MESSAGE", 2,
                        null, "a staff note", true, null));
                // a row written by hand, as an operator's SQL would: the trigger fills the keys
                h.createUpdate("INSERT INTO search_index (conversation_id, entry_id, internal, body) VALUES (:c, :e, 0, 'by hand')")
                        .bind("c", id).bind("e", UUID.randomUUID().toString()).execute();
                keys.put(id, AudienceKeys.of(creator, shape[0], shape[1], shape[2]));
            }
            return keys;
        });
        assertRowsCarry(expected, 4);

        // a rebuild reads the conversations and the timeline (which these messages are not in)
        database.write(h -> {
            SearchIndex.rebuild(h);
            return null;
        });
        assertRowsCarry(expected, 1);
    }

    /**
     * A member finds, through their keys, the conversations shared with their customer, their
     * project, their customer's placement group and themselves, created by someone else (so the
     * creator's key does not stand in), and not one shared with another customer; the same as
     * without the keys.
     */
    @Test
    void aMemberFindsThroughEachKindOfKey() {
        var member = database.write(h -> {
            String memberId = IdentityRepository.createUser(h, "Member", null, false);
            String customer = IdentityRepository.createCustomer(h, "Customer");
            String elsewhere = IdentityRepository.createCustomer(h, "Elsewhere");
            IdentityRepository.addCustomerMember(h, customer, memberId, "member");
            String project = IdentityRepository.createProject(h, customer, "Project");
            IdentityRepository.addProjectMember(h, project, memberId, "owner");
            String group = IdentityRepository.createPlacementGroup(h, customer, "Group");
            List<String> visible = new ArrayList<>();
            for (String[] shape : List.of(new String[]{other, "customer", customer}, new String[]{other, "project", project},
                    new String[]{other, "placementgroup", group}, new String[]{other, "user", memberId})) {
                visible.add(searchable(h, shape));
            }
            searchable(h, new String[]{other, "customer", elsewhere});
            var user = IdentityRepository.findUser(h, memberId).orElseThrow();
            return Map.entry(IdentityRepository.callerFor(h, user, "m"), visible);
        });
        var q = new ConversationRepository.ListQuery(List.of(), List.of("\"quartz\"*"), null, List.of(), List.of(), 50, 0);
        for (long walk : List.of(-1L, Long.MAX_VALUE)) { // through the keys, and walking
            var page = database.read(h -> ConversationRepository.list(h, member.getKey(), q,
                    new SearchLimits(Double.MAX_VALUE, 1_000, walk)));
            assertThat(page.rows()).extracting(ConversationRow::conversationId).as("walk up to %d", walk)
                    .containsExactlyInAnyOrderElementsOf(member.getValue());
            assertThat(page.total()).isEqualTo(4);
        }
    }

    /** A conversation of {@code shape} (created by {@link #creator}) with the word "quartz" in a message. */
    private static String searchable(Handle h, String[] shape) {
        String id = insert(h, shape);
        SearchIndex.indexConversation(h, id, "Title", "S" + id.substring(0, 6));
        SearchIndex.indexMessage(h, new TimelineEntry(UUID.randomUUID().toString(), id, 1, "MESSAGE", 1,
                null, "the quartz clock", false, null));
        return id;
    }

    private static void assertRowsCarry(Map<String, List<String>> expected, int rowsEach) {
        List<String[]> rows = database.read(h -> h.createQuery(
                        "SELECT conversation_id, internal, array_to_string(audience, ',', '?') FROM search_index"
                                + " WHERE conversation_id IN (<ids>)")
                .bindList("ids", new ArrayList<>(expected.keySet()))
                .map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)}).list());
        assertThat(rows).hasSize(expected.size() * rowsEach);
        for (String[] row : rows) {
            if ("1".equals(row[1])) {
                assertThat(row[2]).as("a staff note's keys").isNull();
            } else {
                assertThat(row[2]).as("keys of a row of " + row[0]).isNotNull();
                assertThat(Arrays.asList(row[2].split(","))).as("keys of a row of " + row[0])
                        .containsExactlyInAnyOrderElementsOf(expected.get(row[0]));
            }
        }
    }

    private static String insert(Handle h, String[] shape) {
        String id = UUID.randomUUID().toString();
        h.createUpdate("""
                        INSERT INTO conversations (conversation_id, short_id, title, status, created_at, created_by,
                            main_user_id, shared_aggregate, shared_id, sort_at)
                        VALUES (:id, :short, 'Title', 'open', 1, :by, :main, :agg, :sid, 1)""")
                .bind("id", id).bind("short", "S" + id.substring(0, 6)).bind("by", creator).bind("main", shape[0])
                .bind("agg", shape[1]).bind("sid", shape[2]).execute();
        return id;
    }
}
