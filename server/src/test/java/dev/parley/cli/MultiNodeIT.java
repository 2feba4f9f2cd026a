package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.Eventually;
import dev.parley.testing.Multipart;
import dev.parley.testing.ParleyProcess;
import dev.parley.testing.SampleFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several {@code parley.jar serve} processes on one fresh PostgreSQL database, as behind a load
 * balancer: read-your-writes across nodes with {@code if-event-reached}; 20 concurrent writers
 * over two nodes into one conversation while one node is killed and started again (every
 * acknowledged message there exactly once, in order, timeline sequence gap-free, lastMessage and
 * status agreeing on every node); shortIds unique under concurrent creates; attachments and file
 * access tokens valid on any node; one rate-limit budget shared by the nodes.
 *
 * <p>The four nodes start together on the empty database (one demo directory, however many
 * nodes have {@code --demo}). Needs PostgreSQL at {@code PARLEY_TEST_POSTGRES_URL} (default 127.0.0.1:5432, user
 * postgres): skipped with a loud message when it is unreachable, failed instead when
 * {@code CI=true}. The database is created for the run and dropped at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MultiNodeIT {
    private static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final Duration START = Duration.ofSeconds(45);
    private static final String SECRET = "multi-node-test-file-token-secret-0123456789";
    private static final int WRITERS = 20;
    private static final int SMALL_RATE_LIMIT = 6;
    /** Four JVMs start on a small machine: C1 only and the serial collector start markedly faster. */
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private String serverUrl;
    private String databaseName;
    private String databaseUrl;
    private final List<Path> dataDirs = new ArrayList<>();
    private final List<ParleyProcess> processes = new ArrayList<>();

    /** A and B (both --demo: one creates the demo directory) carry the load; C and D have a small rate limit. */
    private Node a;
    private Node b;
    private Node c;
    private Node d;

    private String owner;
    private String member;
    private String staff;
    private String outsider;
    private String customer;

    /** A running node: its process and a client for its current URL (both change on restart). */
    private final class Node {
        final String name;
        final List<String> args;
        volatile ParleyProcess process;
        volatile ApiClient api;

        Node(String name, List<String> args) {
            this.name = name;
            this.args = args;
        }

        Node start() {
            process = ParleyProcess.startWithJvmOptions(FAST_START, args.toArray(String[]::new));
            processes.add(process);
            return this;
        }

        Node awaitListening() {
            api = new ApiClient(process.awaitListening(START));
            return this;
        }
    }

    /** Why PostgreSQL cannot be used (each test is then skipped), or null. */
    private String unreachable;

    @BeforeAll
    void startNodes() throws Exception {
        serverUrl = postgresServerUrl();
        unreachable = unreachable(serverUrl);
        if (unreachable != null) {
            return;
        }
        databaseName = "parley_multinode_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection conn = admin(); Statement st = conn.createStatement()) {
            st.execute("CREATE DATABASE " + databaseName);
        }
        databaseUrl = withDatabase(serverUrl, databaseName);
        long started = System.nanoTime();
        // all at once on the empty database, as after a deployment: one migrates (Flyway's lock
        // keeps the others waiting), all seed the default categories, A and B both have --demo
        a = node("A", true, 1_000_000).start();
        b = node("B", true, 1_000_000).start();
        c = node("C", false, SMALL_RATE_LIMIT).start();
        d = node("D", false, SMALL_RATE_LIMIT).start();
        for (Node node : List.of(a, b, c, d)) {
            node.awaitListening();
        }
        System.out.printf("MultiNodeIT: 4 nodes on %s up in %d ms%n", databaseName,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        // only one of A and B created the demo directory (the other found users and wrote no credentials)
        List<Path> withCredentials = dataDirs.stream()
                .filter(dir -> Files.exists(dir.resolve(dev.parley.Parley.DEMO_CREDENTIALS))).toList();
        assertThat(withCredentials).as("data directories with demo credentials").hasSize(1);
        JsonNode credentials = ParleyProcess.credentials(withCredentials.get(0));
        assertThat(count("SELECT COUNT(*) FROM users")).as("users: one demo directory")
                .isEqualTo(credentials.path("users").size());
        owner = ParleyProcess.token(credentials, "customer-owner");
        member = ParleyProcess.token(credentials, "customer-member");
        staff = ParleyProcess.token(credentials, "employee");
        outsider = ParleyProcess.token(credentials, "outsider");
        customer = credentials.path("customers").get(0).path("customerId").asText();
    }

    @BeforeEach
    void requirePostgresql() {
        Assumptions.assumeTrue(unreachable == null, () -> unreachable);
    }

    /** Each node has its own data directory: all they share is the database (and the file token secret). */
    private Node node(String name, boolean demo, long rateLimit) throws IOException {
        Path dir = Files.createTempDirectory("parley-node-" + name);
        dataDirs.add(dir);
        List<String> args = new ArrayList<>(List.of("serve", "--host", "127.0.0.1", "--port", "0",
                "--data-dir", dir.toString(), "--database-url", databaseUrl,
                "--blob-store", "database", "--file-token-secret", SECRET,
                "--rate-limit", String.valueOf(rateLimit)));
        if (demo) {
            args.add("--demo");
        }
        return new Node(name, args);
    }

    @AfterAll
    void stopNodesAndDropDatabase() throws SQLException {
        processes.forEach(ParleyProcess::close);
        dataDirs.forEach(ParleyProcess::deleteTree);
        if (databaseName != null) {
            dropDatabase();
        }
    }

    // ---- read-your-writes ---------------------------------------------------------------------

    @Test
    @Order(1)
    void aWriteOnOneNodeIsReadOnAnotherWithIfEventReached() {
        ApiResponse created = a.api.createConversation(owner, Map.of("title", "Written on A", "messageContent", "hello from A",
                "sharedWith", sharedWithCustomer()));
        created.assertStatus(201);
        String id = created.json().path("conversationId").asText();
        String etag = created.header("ETag");
        assertThat(etag).as("ETag of the create").matches("\"\\d+\"");

        JsonNode onB = get(b, owner, id, etag).assertStatus(200).json();
        assertThat(onB.path("title").asText()).isEqualTo("Written on A");
        assertThat(onB.path("lastMessageAt").asText()).isNotBlank();

        // and back: an update and a message on B, read on A
        ApiResponse renamed = b.api.updateConversation(owner, id, Map.of("title", "Renamed on B")).assertStatus(200);
        ApiResponse message = b.api.createMessage(member, id, Map.of("messageContent", "hello from B")).assertStatus(201);
        assertThat(position(message.header("ETag"))).isGreaterThan(position(renamed.header("ETag")));
        assertThat(get(a, owner, id, message.header("ETag")).assertStatus(200).json().path("title").asText())
                .isEqualTo("Renamed on B");
        JsonNode timeline = a.api.call("conversation-list-messages-by-conversation", "GET", "/v2/conversations/" + id + "/messages")
                .token(owner).header("if-event-reached", unquoted(message.header("ETag"))).send().assertStatus(200).json();
        assertThat(timeline.findValuesAsText("messageContent")).containsExactly("CONVERSATION_CREATED", "hello from A",
                "hello from B");

        // a position no node has written yet is refused (at once), not served stale
        long future = position(message.header("ETag")) + 1_000_000;
        ApiResponse notYet = c.api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id)
                .token(owner).header("if-event-reached", "\"" + future + "\"").sendUnchecked();
        assertThat(notYet.status()).isEqualTo(412);
    }

    /** B has the conversation in memory when A writes: B's read that waits for A's event shows the write. */
    @Test
    @Order(1)
    void aConversationCachedOnOneNodeShowsAWriteOnAnother() {
        String id = a.api.newConversation(owner, Map.of("title", "Cached on B", "sharedWith", sharedWithCustomer()));
        for (int i = 0; i < 3; i++) {
            b.api.getConversation(member, id).assertStatus(200); // B keeps it in memory now
        }
        ApiResponse renamed = a.api.updateConversation(owner, id, Map.of("title", "Renamed on A")).assertStatus(200);
        assertThat(get(b, member, id, renamed.header("ETag")).assertStatus(200).json().path("title").asText())
                .isEqualTo("Renamed on A");
        ApiResponse closed = a.api.setStatus(staff, id, "closed").assertStatus(200);
        assertThat(get(b, member, id, closed.header("ETag")).assertStatus(200).json().path("status").asText())
                .isEqualTo("closed");
        ApiResponse message = a.api.createMessage(member, id, Map.of("messageContent", "again")).assertStatus(201);
        JsonNode onB = get(b, owner, id, message.header("ETag")).assertStatus(200).json();
        assertThat(onB.path("status").asText()).isEqualTo("open");
        assertThat(onB.path("lastMessageAt").asText()).isNotBlank();
    }

    @Test
    @Order(2)
    void attachmentsUploadedOnOneNodeAreServedByAnother() {
        String id = a.api.newConversation(owner, Map.of("title", "Files across nodes", "sharedWith", sharedWithCustomer()));
        byte[] content = SampleFiles.text("a log line stored through node A\n".repeat(50));
        String uploadToken = b.api.requestFileUpload(owner, id).assertStatus(201).json().path("uploadToken").asText();
        String fileId = a.api.uploadFile(uploadToken, Multipart.file("crash.txt", "text/plain", content))
                .assertStatus(201).json().path("id").asText();
        ApiResponse attached = b.api.createMessage(owner, id, Map.of("messageContent", "see the log", "fileIds", List.of(fileId)))
                .assertStatus(201);
        // an access token signed by C is accepted by D (same secret), which serves bytes stored via A
        awaitOn(c, attached.header("ETag"));
        String accessToken = c.api.accessToken(member, id, fileId);
        ApiResponse download = d.api.download(fileId, accessToken).assertStatus(200);
        assertThat(download.body()).isEqualTo(content);
    }

    // ---- concurrent writers, one conversation, a node restarted mid-load ------------------------

    /** A message whose creation was acknowledged (201). */
    record Acked(int writer, int n, String content, String messageId, String node, long position) {
    }

    @Test
    @Order(3)
    void concurrentWritersOnTwoNodesLoseNothingWhileANodeRestarts() throws Exception {
        String id = a.api.newConversation(owner, Map.of("title", "Busy conversation", "sharedWith", sharedWithCustomer()));
        String[] tokens = {owner, member, staff};
        Queue<Acked> acked = new ConcurrentLinkedQueue<>();
        Queue<String> unknown = new ConcurrentLinkedQueue<>(); // sent, connection broke: outcome unknown
        Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> phase = new AtomicReference<>("before");
        Node[] nodes = {a, b};

        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            String token = tokens[w % tokens.length];
            Thread t = new Thread(() -> {
                int n = 0; // every attempt gets the next number: a writer's messages must appear in this order
                for (int round = 0; !stop.get() && round < 60; round++) {
                    Node home = nodes[writer % 2];
                    Node other = nodes[(writer + 1) % 2];
                    for (Node node : new Node[]{home, other}) {
                        n++;
                        String content = "writer " + writer + " message " + n + " via " + node.name + " " + phase.get();
                        try {
                            ApiResponse r = node.api.createMessage(token, id, Map.of("messageContent", content));
                            if (r.status() == 201) {
                                acked.add(new Acked(writer, n, content, r.json().path("messageId").asText(),
                                        node.name + "/" + phase.get(), position(r.header("ETag"))));
                            } else {
                                unexpected.add(content + " -> " + r.status() + " " + r.text());
                            }
                            break;
                        } catch (UncheckedIOException | IllegalStateException e) {
                            // the node is down or went down mid-request: try the other one (as a load balancer
                            // would); refused connections never reached it, anything else may have been written
                            if (!(e.getCause() instanceof java.net.ConnectException)) {
                                unknown.add(content);
                            }
                        } catch (AssertionError e) {
                            unexpected.add(content + " -> " + e.getMessage());
                            break;
                        }
                    }
                    sleepQuietly(50);
                }
            }, "writer-" + w);
            writers.add(t);
        }
        long started = System.nanoTime();
        writers.forEach(Thread::start);

        Thread.sleep(1200);
        phase.set("during-restart");
        long killed = System.nanoTime();
        b.process.kill9();
        b.start();
        b.awaitListening();
        phase.set("after-restart");
        System.out.printf("MultiNodeIT: node B killed and serving again after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
        Thread.sleep(1500);
        stop.set(true);
        for (Thread t : writers) {
            t.join(30_000);
            assertThat(t.isAlive()).as(t.getName() + " still running").isFalse();
        }
        System.out.printf("MultiNodeIT: %d messages acknowledged, %d with unknown outcome, in %d ms%n", acked.size(),
                unknown.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        assertThat(unexpected).as("responses other than 201").isEmpty();
        assertThat(acked).as("acknowledged by A").anyMatch(m -> m.node().startsWith("A/"));
        assertThat(acked).as("acknowledged by B before it was killed").anyMatch(m -> m.node().equals("B/before"));
        assertThat(acked).as("acknowledged by B after its restart").anyMatch(m -> m.node().equals("B/after-restart"));

        String last = "\"" + acked.stream().mapToLong(Acked::position).max().orElseThrow() + "\"";
        List<String> orderOnA = verifyTimeline(a, id, last, acked, unknown);
        List<String> orderOnB = verifyTimeline(b, id, last, acked, unknown);
        assertThat(orderOnB).as("the restarted node B sees the same timeline as A").isEqualTo(orderOnA);
        List<String> orderOnC = verifyTimeline(c, id, last, acked, unknown);
        assertThat(orderOnC).isEqualTo(orderOnA);
        assertThat(orderOnA).as("the database's seq order").isEqualTo(timelineBySeq(id));
    }

    /** Checks one node's view of the busy conversation; returns its timeline's entry ids in order. */
    private List<String> verifyTimeline(Node node, String id, String etag, Queue<Acked> acked, Queue<String> unknown) {
        String on = "on node " + node.name;
        JsonNode timeline = node.api.call("conversation-list-messages-by-conversation", "GET", "/v2/conversations/" + id + "/messages")
                .token(staff).header("if-event-reached", etag).send().assertStatus(200).json();
        List<String> ids = new ArrayList<>();
        Map<String, Integer> contentCount = new HashMap<>();
        Map<String, String> idByContent = new HashMap<>();
        Map<Integer, Integer> lastNOfWriter = new HashMap<>();
        Set<String> ackedContents = new HashSet<>();
        acked.forEach(m -> ackedContents.add(m.content()));
        Set<String> unknownContents = new HashSet<>(unknown);
        String previousCreatedAt = "";
        JsonNode newestMessage = null;
        String statusFromTimeline = "open";
        for (JsonNode e : timeline) {
            String entryId = e.path("messageId").asText();
            assertThat(ids).as(on + ": entry listed twice").doesNotContain(entryId);
            ids.add(entryId);
            String createdAt = e.path("createdAt").asText();
            assertThat(createdAt).as(on + ": createdAt along the timeline").isGreaterThanOrEqualTo(previousCreatedAt);
            previousCreatedAt = createdAt;
            String content = e.path("messageContent").asText();
            if ("STATUS_UPDATE".equals(e.path("type").asText())) {
                statusFromTimeline = switch (content) {
                    case "STATUS_OPEN", "CONVERSATION_CREATED" -> "open";
                    case "STATUS_ANSWERED" -> "answered";
                    case "STATUS_CLOSED" -> "closed";
                    case "STATUS_IN_PROGRESS" -> "inProgress";
                    case "STATUS_WAITING" -> "waiting";
                    default -> throw new AssertionError(on + ": unknown status update " + content);
                };
                continue;
            }
            newestMessage = e;
            contentCount.merge(content, 1, Integer::sum);
            idByContent.put(content, entryId);
            assertThat(ackedContents.contains(content) || unknownContents.contains(content))
                    .as(on + ": a message nobody sent: " + content).isTrue();
            String[] words = content.split(" ");
            int writer = Integer.parseInt(words[1]);
            int n = Integer.parseInt(words[3]);
            Integer before = lastNOfWriter.put(writer, n);
            assertThat(before == null || before < n).as(on + ": writer " + writer + "'s messages in the order sent").isTrue();
        }
        contentCount.forEach((content, count) -> assertThat(count).as(on + ": copies of " + content).isEqualTo(1));
        for (Acked m : acked) {
            assertThat(idByContent.get(m.content())).as(on + ": acknowledged message " + m.content()).isEqualTo(m.messageId());
        }

        JsonNode conversation = get(node, staff, id, etag).assertStatus(200).json();
        assertThat(newestMessage).isNotNull();
        assertThat(conversation.path("lastMessageAt").asText()).as(on + ": lastMessageAt is the newest message's")
                .isEqualTo(newestMessage.path("createdAt").asText());
        assertThat(conversation.path("lastMessage").path("createdAt").asText()).isEqualTo(newestMessage.path("createdAt").asText());
        assertThat(conversation.path("lastMessageBy").path("userId").asText()).as(on + ": lastMessageBy")
                .isEqualTo(newestMessage.path("createdBy").path("userId").asText());
        assertThat(conversation.path("status").asText()).as(on + ": status agrees with the last status update")
                .isEqualTo(statusFromTimeline);
        System.out.printf("MultiNodeIT: node %s sees %d timeline entries, last message at %s%n", node.name, ids.size(),
                conversation.path("lastMessageAt").asText());
        return ids;
    }

    private long count(String sql) throws SQLException {
        try (Connection conn = DriverManager.getConnection(databaseUrl); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The timeline's entry ids by seq, straight from the database, asserting seq is 1..n without gaps. */
    private List<String> timelineBySeq(String conversationId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection(databaseUrl);
             PreparedStatement st = conn.prepareStatement(
                     "SELECT entry_id, seq FROM timeline_entries WHERE conversation_id = ? ORDER BY seq")) {
            st.setString(1, conversationId);
            try (ResultSet rs = st.executeQuery()) {
                long expected = 1;
                while (rs.next()) {
                    assertThat(rs.getLong(2)).as("timeline seq").isEqualTo(expected++);
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    // ---- shortIds -----------------------------------------------------------------------------

    @Test
    @Order(4)
    void shortIdsStayUniqueUnderConcurrentCreatesOnTwoNodes() throws Exception {
        int threads = 10;
        int each = 12;
        Queue<String[]> created = new ConcurrentLinkedQueue<>(); // conversationId, shortId, node, etag
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            runs.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    Node node = (thread + i) % 2 == 0 ? a : b;
                    ApiResponse r = node.api.createConversation(thread % 2 == 0 ? owner : staff,
                            Map.of("title", "Create " + thread + "/" + i));
                    if (r.status() != 201) {
                        failures.add(r.status() + " " + r.text());
                        continue;
                    }
                    String id = r.json().path("conversationId").asText();
                    String shortId = node.api.getConversation(staff, id).assertStatus(200).json().path("shortId").asText();
                    created.add(new String[]{id, shortId, node.name, r.header("ETag")});
                }
            }, pool));
        }
        try {
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
        assertThat(created).hasSize(threads * each);
        Set<String> shortIds = new HashSet<>();
        Set<String> conversationIds = new HashSet<>();
        for (String[] row : created) {
            assertThat(shortIds.add(row[1])).as("shortId " + row[1] + " given twice").isTrue();
            assertThat(conversationIds.add(row[0])).isTrue();
        }
        // every shortId leads to its conversation on the other node
        for (String[] row : created) {
            Node other = row[2].equals("A") ? b : a;
            JsonNode byShortId = get(other, staff, row[1], row[3]).assertStatus(200).json();
            assertThat(byShortId.path("conversationId").asText()).isEqualTo(row[0]);
        }
    }

    // ---- rate limits --------------------------------------------------------------------------

    @Test
    @Order(5)
    void theRateLimitBudgetIsSharedByTheNodes() {
        // C and D run with --rate-limit 6: half of the budget is spent on each, then both refuse
        int half = SMALL_RATE_LIMIT / 2;
        for (int i = 1; i <= SMALL_RATE_LIMIT; i++) {
            Node node = i <= half ? c : d;
            ApiResponse r = node.api.listConversations(outsider, null).assertStatus(200);
            assertThat(r.header("X-Ratelimit-Limit")).isEqualTo(String.valueOf(SMALL_RATE_LIMIT));
            assertThat(r.header("X-Ratelimit-Remaining")).as("remaining after request " + i + " (on " + node.name + ")")
                    .isEqualTo(String.valueOf(SMALL_RATE_LIMIT - i));
            assertThat(Long.parseLong(r.header("X-Ratelimit-Reset"))).isBetween(1L, 60L);
        }
        for (Node node : new Node[]{c, d}) {
            ApiResponse limited = node.api.listConversations(outsider, null);
            limited.assertError(429, "RateLimitError");
            assertThat(Long.parseLong(limited.header("Retry-After"))).as("Retry-After on " + node.name).isBetween(1L, 60L);
            assertThat(limited.header("X-Ratelimit-Remaining")).isEqualTo("0");
            assertThat(limited.header("X-Ratelimit-Limit")).isEqualTo(String.valueOf(SMALL_RATE_LIMIT));
        }
        // another token still has its own budget
        assertThat(d.api.listConversations(member, null).assertStatus(200).header("X-Ratelimit-Remaining"))
                .isEqualTo(String.valueOf(SMALL_RATE_LIMIT - 1));
    }

    @Test
    @Order(5)
    void aDeactivatedUserOrRevokedTokenStopsWorkingOnEveryNodeWithinASecond() {
        String user = admin("user", "create", "--name", "Nina Nodes");
        admin("customer", "add-member", "--customer", customer, "--user", user);
        String kept = admin("token", "create", "--user", user);
        String revoked = admin("token", "create", "--user", user);
        for (Node node : new Node[]{a, b}) {
            node.api.listConversations(kept, null).assertStatus(200);
            node.api.listConversations(revoked, null).assertStatus(200);
        }
        // each node learns of the change by notification (at worst by its once-a-second poll)
        admin("token", "revoke", revoked);
        for (Node node : new Node[]{a, b}) {
            Eventually.until(Duration.ofSeconds(5), "the revocation seen by a node",
                    () -> node.api.listConversations(revoked, null).status() == 401);
            node.api.listConversations(revoked, null).assertError(401, "Unauthorized");
            node.api.listConversations(kept, null).assertStatus(200);
        }
        admin("user", "deactivate", user);
        for (Node node : new Node[]{a, b}) {
            Eventually.until(Duration.ofSeconds(5), "the deactivation seen by a node",
                    () -> node.api.listConversations(kept, null).status() == 401);
            node.api.listConversations(kept, null).assertError(401, "Unauthorized");
        }
    }

    /** {@code parley admin …} against the nodes' database; what it printed. */
    private String admin(String... args) {
        List<String> argv = new ArrayList<>(List.of("admin"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--database-url", databaseUrl));
        dev.parley.testing.CliCapture.Result r = dev.parley.testing.CliCapture.run(argv);
        assertThat(r.exitCode()).as(argv + ": " + r.err()).isZero();
        return r.out().strip();
    }

    @Test
    @Order(6)
    void noNodeLoggedAnUnexpectedError() {
        for (ParleyProcess process : processes) {
            assertThat(process.output()).as("output of a node").doesNotContain("Unexpected error").doesNotContain("\tat ");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Map<String, String> sharedWithCustomer() {
        return Map.of("aggregate", "customer", "domain", "customer", "id", customer);
    }

    private static ApiResponse get(Node node, String token, String id, String etag) {
        return node.api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id)
                .token(token).header("if-event-reached", etag).send();
    }

    private static void awaitOn(Node node, String etag) {
        // any read with the header is served once the node has caught up with the position
        node.api.call("conversation-list-categories", "GET", "/v2/conversation-categories")
                .header("if-event-reached", etag).send().assertStatus(200);
    }

    private static long position(String etag) {
        return Long.parseLong(unquoted(etag));
    }

    private static String unquoted(String etag) {
        return etag.replace("\"", "");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the database -------------------------------------------------------------------------

    private static String postgresServerUrl() {
        String env = System.getenv("PARLEY_TEST_POSTGRES_URL");
        return env == null || env.isBlank() ? DEFAULT_POSTGRES_URL : env.trim();
    }

    /** Null when PostgreSQL answers at {@code url}; else the reason to skip (CI=true: fails instead). */
    private static String unreachable(String url) {
        try (Connection ignored = connect(url)) {
            return null;
        } catch (SQLException e) {
            boolean ci = "true".equalsIgnoreCase(String.valueOf(System.getenv("CI")).trim());
            String line = "!".repeat(100);
            System.err.println(line);
            System.err.println("!!! MultiNodeIT: PostgreSQL NOT REACHABLE at " + url + " (" + e.getMessage() + ")");
            System.err.println("!!! " + (ci ? "CI=true: this is a FAILURE." : "The multi-node test is SKIPPED (CI=true fails instead)."));
            System.err.println("!!! Start PostgreSQL there, or point PARLEY_TEST_POSTGRES_URL at one.");
            System.err.println(line);
            if (ci) {
                throw new IllegalStateException("PostgreSQL not reachable at " + url + " and CI=true", e);
            }
            return "PostgreSQL not reachable at " + url + ": multi-node test skipped";
        }
    }

    private Connection admin() throws SQLException {
        return connect(serverUrl);
    }

    private static Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.setProperty("connectTimeout", "5");
        props.setProperty("ApplicationName", "parley-multinode-it");
        return DriverManager.getConnection(url, props);
    }

    private void dropDatabase() throws SQLException {
        try (Connection conn = admin()) {
            for (int attempt = 1; ; attempt++) {
                try (PreparedStatement terminate = conn.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    terminate.setString(1, databaseName);
                    terminate.executeQuery().close();
                }
                try (Statement st = conn.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS " + databaseName);
                    return;
                } catch (SQLException e) {
                    if (!"55006".equals(e.getSQLState()) || attempt >= 10) {
                        throw e;
                    }
                }
                sleepQuietly(200);
            }
        }
    }

    /** {@code jdbc:postgresql://host:port/db?params} with the database replaced. */
    private static String withDatabase(String url, String name) {
        String prefix = "jdbc:postgresql://";
        if (!url.startsWith(prefix)) {
            throw new IllegalStateException("PARLEY_TEST_POSTGRES_URL must start with " + prefix + ": " + url);
        }
        String rest = url.substring(prefix.length());
        int query = rest.indexOf('?');
        String params = query < 0 ? "" : rest.substring(query);
        String location = query < 0 ? rest : rest.substring(0, query);
        int slash = location.indexOf('/');
        return prefix + (slash < 0 ? location : location.substring(0, slash)) + "/" + name + params;
    }
}
