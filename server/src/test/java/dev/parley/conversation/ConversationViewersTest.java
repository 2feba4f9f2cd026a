package dev.parley.conversation;

import dev.parley.identity.AccessPolicy;
import dev.parley.identity.Caller;
import dev.parley.identity.IdentityRepository;
import dev.parley.identity.User;
import dev.parley.storage.Database;
import dev.parley.testing.TestDatabase;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The visibility rows and counts that lists read ({@code conversation_viewers},
 * {@code viewer_counts}, {@code conversation_counts}, kept by the triggers of migration V5) always
 * agree with {@link AccessPolicy}, the rule single-conversation reads use, whoever writes: random
 * runs of every change that moves an audience (new and deleted conversations, shares, main users,
 * statuses, members joining and leaving customers and projects, placement groups created, moved
 * and removed), written as plain SQL as an import or a hand-made fix would; and, on PostgreSQL,
 * members joining a customer while conversations shared with it are created concurrently.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConversationViewersTest {
    private static final List<String> STATUSES = List.of("open", "answered", "closed");

    private TestDatabase store;
    private Path sqliteDir;
    private Database database;
    private final List<String> users = new ArrayList<>();
    private final List<String> customers = new ArrayList<>();
    private final List<String> projects = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    private final List<String> conversations = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        store = TestDatabase.create();
        if (store.url() == null) {
            sqliteDir = Files.createTempDirectory("parley-viewers");
        }
        database = Database.open(store.url() != null ? store.url() : "jdbc:sqlite:" + sqliteDir.resolve("parley.db"));
        for (int i = 0; i < 6; i++) {
            int n = i;
            users.add(database.write(h -> IdentityRepository.createUser(h, "User " + n, null, false)));
        }
        for (int i = 0; i < 3; i++) {
            int n = i;
            customers.add(database.write(h -> IdentityRepository.createCustomer(h, "Customer " + n)));
        }
        for (int i = 0; i < 3; i++) {
            String customer = customers.get(i % customers.size());
            projects.add(database.write(h -> IdentityRepository.createProject(h, customer, "Project")));
        }
    }

    @AfterEach
    void close() throws IOException {
        database.close();
        store.close();
        if (sqliteDir != null) {
            try (var files = Files.walk(sqliteDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void randomChangesKeepTheRowsAndCountsEqualToTheAccessRule() {
        for (long seed = 1; seed <= 3; seed++) {
            Random random = new Random(seed);
            for (int step = 0; step < 150; step++) {
                String change = database.write(h -> randomChange(h, random));
                if (step % 10 == 9) {
                    long s = seed;
                    int n = step;
                    database.read(h -> {
                        assertConsistent(h, "seed " + s + ", step " + n + " (" + change + ")");
                        return null;
                    });
                }
            }
        }
        database.read(h -> {
            assertConsistent(h, "end");
            // the run did exercise what it claims: rows for several users, more than one status
            assertThat(h.createQuery("SELECT COUNT(DISTINCT user_id) FROM conversation_viewers").mapTo(Integer.class).one())
                    .isGreaterThan(3);
            assertThat(h.createQuery("SELECT COUNT(*) FROM conversation_counts WHERE n > 0").mapTo(Integer.class).one())
                    .isGreaterThan(1);
            return null;
        });
    }

    @Test
    void membersJoiningWhileConversationsAreCreatedSeeThemAll() throws Exception {
        String customer = customers.get(0);
        int writers = 6;
        int perWriter = 15;
        // the writers, the joining members and this thread start together
        CyclicBarrier start = new CyclicBarrier(writers + 2);
        ExecutorService threads = Executors.newFixedThreadPool(writers + 1);
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            work.add(CompletableFuture.runAsync(() -> {
                await(start);
                for (int i = 0; i < perWriter; i++) {
                    int n = i;
                    database.write(h -> {
                        insertConversation(h, users.get(writer % 2), "customer", customer, "open", writer * 1000L + n);
                        return null;
                    });
                }
            }, threads));
        }
        work.add(CompletableFuture.runAsync(() -> {
            await(start);
            for (String user : users.subList(2, users.size())) {
                database.write(h -> {
                    IdentityRepository.addCustomerMember(h, customer, user, "member");
                    return null;
                });
            }
        }, threads));
        start.await();
        try {
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get();
        } finally {
            threads.shutdown();
        }

        database.read(h -> {
            assertConsistent(h, "after concurrent joins");
            for (String user : users.subList(2, users.size())) {
                assertThat(h.createQuery("SELECT COALESCE(SUM(n), 0) FROM viewer_counts WHERE user_id = :u")
                        .bind("u", user).mapTo(Long.class).one())
                        .as("conversations a member of the customer counts").isEqualTo((long) writers * perWriter);
            }
            return null;
        });
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One random change, as plain SQL; returns what it did (for failure messages). */
    private String randomChange(Handle h, Random random) {
        int kind = conversations.isEmpty() ? 0 : random.nextInt(11);
        switch (kind) {
            case 0, 1, 2 -> {
                String[] share = randomShare(random);
                String id = insertConversation(h, pick(users, random), share[0], share[1],
                        pick(STATUSES, random), random.nextInt(1000));
                return "new conversation " + id + " shared " + share[0];
            }
            case 3 -> {
                String[] share = randomShare(random);
                h.createUpdate("UPDATE conversations SET shared_aggregate = :a, shared_id = :s WHERE conversation_id = :c")
                        .bind("a", share[0]).bind("s", share[1]).bind("c", pick(conversations, random)).execute();
                return "share changed to " + share[0];
            }
            case 4 -> {
                h.createUpdate("UPDATE conversations SET main_user_id = :u WHERE conversation_id = :c")
                        .bind("u", pick(users, random)).bind("c", pick(conversations, random)).execute();
                return "main user changed";
            }
            case 5 -> {
                h.createUpdate("UPDATE conversations SET status = :s, sort_at = :t WHERE conversation_id = :c")
                        .bind("s", pick(STATUSES, random)).bind("t", 1000 + random.nextInt(1000))
                        .bind("c", pick(conversations, random)).execute();
                return "status and activity changed";
            }
            case 6 -> {
                String customer = pick(customers, random);
                String user = pick(users, random);
                if (random.nextBoolean()) {
                    h.createUpdate("DELETE FROM customer_members WHERE customer_id = :c AND user_id = :u")
                            .bind("c", customer).bind("u", user).execute();
                    return "customer member left";
                }
                if (IdentityRepository.customerMemberIds(h, customer).contains(user)) {
                    return "nothing";
                }
                IdentityRepository.addCustomerMember(h, customer, user, "member");
                return "customer member joined";
            }
            case 7 -> {
                String project = pick(projects, random);
                String user = pick(users, random);
                if (random.nextBoolean()) {
                    h.createUpdate("DELETE FROM project_members WHERE project_id = :p AND user_id = :u")
                            .bind("p", project).bind("u", user).execute();
                    return "project member left";
                }
                if (IdentityRepository.projectMemberIds(h, project).contains(user)) {
                    return "nothing";
                }
                IdentityRepository.addProjectMember(h, project, user, "external");
                return "project member joined";
            }
            case 8 -> {
                if (groups.isEmpty() || random.nextInt(3) == 0) {
                    groups.add(IdentityRepository.createPlacementGroup(h, pick(customers, random), "Server"));
                    return "placement group created";
                }
                String group = pick(groups, random);
                if (random.nextBoolean()) {
                    h.createUpdate("UPDATE placement_groups SET customer_id = :c WHERE placement_group_id = :g")
                            .bind("c", pick(customers, random)).bind("g", group).execute();
                    return "placement group moved";
                }
                h.createUpdate("DELETE FROM placement_groups WHERE placement_group_id = :g").bind("g", group).execute();
                groups.remove(group);
                return "placement group removed";
            }
            case 9 -> {
                String id = pick(conversations, random);
                h.createUpdate("DELETE FROM conversations WHERE conversation_id = :c").bind("c", id).execute();
                conversations.remove(id);
                return "conversation removed";
            }
            default -> {
                h.createUpdate("UPDATE conversations SET created_by = :u WHERE conversation_id = :c")
                        .bind("u", pick(users, random)).bind("c", pick(conversations, random)).execute();
                return "creator changed";
            }
        }
    }

    /** A share: none, a user, a customer, a project, a placement group (also one removed since). */
    private String[] randomShare(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> new String[] {null, null};
            case 1 -> new String[] {"user", pick(users, random)};
            case 2 -> new String[] {"customer", pick(customers, random)};
            case 3 -> new String[] {"project", pick(projects, random)};
            default -> new String[] {"placementgroup", groups.isEmpty() ? UUID.randomUUID().toString() : pick(groups, random)};
        };
    }

    private String insertConversation(Handle h, String creator, String sharedAggregate, String sharedId,
                                      String status, long sortAt) {
        String id = UUID.randomUUID().toString();
        h.createUpdate("""
                        INSERT INTO conversations (conversation_id, short_id, title, status, created_at, created_by,
                            main_user_id, shared_aggregate, shared_id, sort_at)
                        VALUES (:id, :short, 'Viewers', :status, 1, :by, :by, :a, :s, :t)""")
                .bind("id", id).bind("short", id.substring(0, 8)).bind("status", status).bind("by", creator)
                .bind("a", sharedAggregate).bind("s", sharedId).bind("t", sortAt).execute();
        synchronized (conversations) {
            conversations.add(id);
        }
        return id;
    }

    private static <T> T pick(List<T> list, Random random) {
        return list.get(random.nextInt(list.size()));
    }

    /** The rows and counts equal what AccessPolicy says of every (user, conversation). */
    private void assertConsistent(Handle h, String when) {
        TreeSet<String> expected = new TreeSet<>();
        Map<String, Long> expectedCounts = new TreeMap<>();
        Map<String, Long> expectedTotals = new TreeMap<>();
        Map<ConversationRow, Long> rows = new java.util.HashMap<>(); // each with its sort key
        for (String id : h.createQuery("SELECT conversation_id FROM conversations").mapTo(String.class).list()) {
            rows.put(ConversationRepository.find(h, id).orElseThrow(),
                    h.createQuery("SELECT sort_at FROM conversations WHERE conversation_id = :c")
                            .bind("c", id).mapTo(Long.class).one());
        }
        for (String userId : users) {
            User user = IdentityRepository.findUser(h, userId).orElseThrow();
            Caller caller = IdentityRepository.callerFor(h, user, "test");
            rows.forEach((row, sortAt) -> {
                if (AccessPolicy.canSee(caller, row)) {
                    expected.add(userId + " " + row.conversationId() + " " + sortAt + " " + row.status());
                    expectedCounts.merge(userId + " " + row.status(), 1L, Long::sum);
                }
            });
        }
        rows.keySet().forEach(row -> expectedTotals.merge(row.status(), 1L, Long::sum));
        TreeSet<String> actual = new TreeSet<>(h.createQuery(
                        "SELECT user_id || ' ' || conversation_id || ' ' || sort_at || ' ' || status FROM conversation_viewers")
                .mapTo(String.class).list());
        assertThat(actual).as("viewer rows " + when).isEqualTo(expected);

        Map<String, Long> counts = new TreeMap<>();
        h.createQuery("SELECT user_id, status, n FROM viewer_counts WHERE n <> 0").map((rs, ctx) -> {
            counts.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
            return null;
        }).list();
        assertThat(counts).as("viewer counts " + when).isEqualTo(expectedCounts);

        Map<String, Long> totals = new TreeMap<>();
        // (a count may be kept in several rows: added up, as readers do)
        h.createQuery("SELECT status, SUM(n) FROM conversation_counts GROUP BY status HAVING SUM(n) <> 0").map((rs, ctx) -> {
            totals.put(rs.getString(1), rs.getLong(2));
            return null;
        }).list();
        assertThat(totals).as("conversation counts " + when).isEqualTo(expectedTotals);
    }
}
