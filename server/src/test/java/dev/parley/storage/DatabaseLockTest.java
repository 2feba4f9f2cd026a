package dev.parley.storage;

import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.ContractAssertions;
import dev.parley.testing.Multipart;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.StoreIntegrity;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another process or session holds a lock that Parley's writes need (a DB browser, a script, an
 * import on SQLite; {@code psql} on PostgreSQL): every write caught by it answers 503
 * {@code ServiceUnavailable} with {@code Retry-After} in the contract's error shape once the lock
 * timeout has passed, never a 500 and never an open-ended wait; reads go on where the engine lets
 * them; once the lock is gone the same writes succeed, and nothing of the refused ones is there.
 *
 * <p>Locks tried, SQLite (a separate JDBC connection to the server's parley.db): {@code BEGIN
 * EXCLUSIVE}; {@code BEGIN IMMEDIATE} with an uncommitted write; a writer that keeps writing in
 * one open transaction. PostgreSQL (a separate session): {@code SELECT … FOR UPDATE} on the
 * conversation's row; {@code LOCK TABLE events IN EXCLUSIVE MODE}; {@code LOCK TABLE
 * conversations IN ACCESS EXCLUSIVE MODE} (which blocks reads too: they answer 200 or a clean
 * 503). Writes tried under each: create a conversation, post a message, change the status,
 * request an upload token, upload a file; all five at once, so that on SQLite they share the
 * writer's batches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DatabaseLockTest {
    /** Short, so the test is quick; the waits it bounds are asserted only against generous limits. */
    static final Duration LOCK_WAIT = Duration.ofMillis(1500);
    /** A write must be answered well within this, though the lock stays. */
    static final Duration ANSWERED_WITHIN = Duration.ofSeconds(25);

    TestServer server;
    ApiClient api;
    String owner;
    String staff;
    final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeAll
    void start() {
        server = TestServer.start(b -> b.databaseTimeouts(new DatabaseTimeouts(LOCK_WAIT, Duration.ofSeconds(30))));
        api = server.client();
        owner = server.user("customer-owner").token();
        staff = server.user("employee").token();
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        server.close();
    }

    // ---- SQLite --------------------------------------------------------------------------------

    @Test
    void sqliteBeginExclusive() throws Exception {
        assumeEngine(false);
        writesWhileLocked("BEGIN EXCLUSIVE", id -> sqliteLock(c -> exec(c, "BEGIN EXCLUSIVE")), ALL_WRITES, true);
    }

    @Test
    void sqliteBeginImmediateWithAPendingWrite() throws Exception {
        assumeEngine(false);
        writesWhileLocked("BEGIN IMMEDIATE + uncommitted UPDATE", id -> sqliteLock(c -> {
            exec(c, "BEGIN IMMEDIATE");
            exec(c, "UPDATE identity_version SET version = version + 1");
        }), ALL_WRITES, true);
    }

    @Test
    void sqliteLongRunningWriteTransaction() throws Exception {
        assumeEngine(false);
        writesWhileLocked("a writer that keeps writing in one transaction", id -> {
            Lock lock = sqliteLock(c -> exec(c, "BEGIN IMMEDIATE"));
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        exec(lock.connection, "UPDATE conversations SET title = title");
                        Thread.sleep(20);
                    } catch (SQLException | InterruptedException e) {
                        return;
                    }
                }
            }, "long-writer");
            writer.start();
            return lock.before(() -> {
                stop.set(true);
                writer.join(10_000);
            });
        }, ALL_WRITES, true);
    }

    // ---- PostgreSQL ----------------------------------------------------------------------------

    /** Writes to other conversations (a new one) do not need the row: they may succeed. */
    @Test
    void postgresqlRowLockedForUpdate() throws Exception {
        assumeEngine(true);
        writesWhileLocked("SELECT … FOR UPDATE", id -> postgresLock(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT 1 FROM conversations WHERE conversation_id = ? FOR UPDATE")) {
                st.setString(1, id);
                st.executeQuery().close();
            }
        }), Set.of(MESSAGE, STATUS), true);
    }

    @Test
    void postgresqlEventsTableLocked() throws Exception {
        assumeEngine(true);
        writesWhileLocked("LOCK TABLE events IN EXCLUSIVE MODE",
                id -> postgresLock(c -> exec(c, "LOCK TABLE events IN EXCLUSIVE MODE")), ALL_WRITES, true);
    }

    @Test
    void postgresqlConversationsTableLockedAgainstReadsToo() throws Exception {
        assumeEngine(true);
        writesWhileLocked("LOCK TABLE conversations IN ACCESS EXCLUSIVE MODE",
                id -> postgresLock(c -> exec(c, "LOCK TABLE conversations IN ACCESS EXCLUSIVE MODE")), ALL_WRITES, false);
    }

    // ---- admin commands and start-up while locked ----------------------------------------------

    /**
     * {@code parley admin} writes while another process or session holds the lock: a one-line
     * message and exit code 1 after the lock timeout, no stack trace, no SQL error text, nothing
     * changed; the same command succeeds once the lock is gone. Commands tried: user create,
     * category create, token create; locks: SQLite {@code BEGIN EXCLUSIVE}, PostgreSQL
     * {@code LOCK TABLE … IN EXCLUSIVE MODE} on the table each command writes.
     */
    @Test
    void adminCommandsWhileLockedSayItClearly() throws Exception {
        String user = server.user("customer-member").userId();
        Map<List<String>, String> commands = new LinkedHashMap<>();
        commands.put(List.of("user", "create", "--name", "Locked Out"), "users");
        commands.put(List.of("category", "create", "--name", "locked-" + UUID.randomUUID()), "categories");
        commands.put(List.of("token", "create", "--user", user), "api_tokens");
        for (Map.Entry<List<String>, String> command : commands.entrySet()) {
            int before = count("SELECT COUNT(*) FROM " + command.getValue());
            dev.parley.testing.CliCapture.Result run;
            try (Lock ignored = TestDatabase.isPostgresql()
                    ? postgresLock(c -> exec(c, "LOCK TABLE " + command.getValue() + " IN EXCLUSIVE MODE"))
                    : sqliteLock(c -> exec(c, "BEGIN EXCLUSIVE"))) {
                run = admin(command.getKey());
            }
            assertThat(run.exitCode()).as(command.getKey() + " while locked; stderr: " + run.err()).isEqualTo(1);
            assertThat(run.err()).as("stderr of " + command.getKey()).contains("the database is busy")
                    .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("SQLITE").doesNotContain("ERROR:");
            assertThat(run.out()).as("stdout of " + command.getKey()).isBlank();
            assertThat(count("SELECT COUNT(*) FROM " + command.getValue()))
                    .as("rows of " + command.getValue() + " after the refused " + command.getKey()).isEqualTo(before);

            dev.parley.testing.CliCapture.Result again = admin(command.getKey());
            assertThat(again.exitCode()).as(command.getKey() + " after the lock; stderr: " + again.err()).isZero();
            assertThat(count("SELECT COUNT(*) FROM " + command.getValue()))
                    .isEqualTo(before + 1);
        }
    }

    private dev.parley.testing.CliCapture.Result admin(List<String> command) {
        List<String> args = new ArrayList<>(List.of("admin"));
        args.addAll(command);
        args.addAll(List.of("--data-dir", server.dataDir().toString(), "--lock-timeout", String.valueOf(LOCK_WAIT.toMillis())));
        if (TestDatabase.isPostgresql()) {
            args.addAll(List.of("--database-url", server.databaseUrl()));
        }
        return dev.parley.testing.CliCapture.run(args);
    }

    /**
     * A node starting while another session holds the advisory lock Parley takes to seed the
     * default categories (PostgreSQL): the start fails within the lock timeout with a fault
     * classified as busy, instead of waiting without end.
     */
    @Test
    void aNodeStartingWhileItsAdvisoryLockIsHeldGivesUpCleanly() throws Exception {
        assumeEngine(true);
        java.nio.file.Path otherDataDir = java.nio.file.Files.createTempDirectory("parley-lock-node");
        try (Lock ignored = postgresLock(c -> exec(c, "SELECT pg_advisory_lock(hashtext('parley:default-categories'))"))) {
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> dev.parley.Parley.start(
                    dev.parley.ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(otherDataDir)
                            .databaseUrl(server.databaseUrl())
                            .databaseTimeouts(new DatabaseTimeouts(LOCK_WAIT, Duration.ofSeconds(30))).build()).close());
            assertThat(failure).as("a start while the advisory lock is held").isNotNull();
            assertThat(StorageFaults.classify(failure)).as(failure.toString()).isEqualTo(StorageFaults.Kind.DATABASE_BUSY);
        } finally {
            dev.parley.testing.ParleyProcess.deleteTree(otherDataDir);
        }
    }

    // ---- the scenario --------------------------------------------------------------------------

    static final String CREATE = "conversation-create-conversation";
    static final String MESSAGE = "conversation-create-message";
    static final String STATUS = "conversation-set-conversation-status";
    static final String REQUEST_UPLOAD = "conversation-request-file-upload";
    static final String UPLOAD = "file-create-file";
    static final Set<String> ALL_WRITES = Set.of(CREATE, MESSAGE, STATUS, REQUEST_UPLOAD, UPLOAD);

    /**
     * Prepares a conversation and an upload token, takes the lock, sends the five writes at once
     * (and reads meanwhile): those in {@code blocked} must answer a clean 503, the others succeed
     * or answer a clean 503. Then releases the lock, checks that the refused writes left nothing,
     * sends them again (they succeed now) and checks that each write is there exactly once.
     */
    private void writesWhileLocked(String variant, LockTaker taker, Set<String> blocked, boolean readsUnaffected)
            throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String conversation = api.newConversation(owner, Map.of("title", "locked " + marker,
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        String uploadToken = api.requestFileUpload(owner, conversation).assertStatus(201).json()
                .path("uploadToken").asText();
        int tokensBefore = count("SELECT COUNT(*) FROM upload_tokens WHERE conversation_id = ?", conversation);

        Map<String, Supplier<ApiResponse>> writes = writes(conversation, uploadToken, marker);
        Set<String> refused = new LinkedHashSet<>();
        try (Lock ignored = taker.take(conversation)) {
            Map<String, CompletableFuture<ApiResponse>> answers = new LinkedHashMap<>();
            writes.forEach((op, send) -> answers.put(op, CompletableFuture.supplyAsync(send, pool)));
            // reads while the writes wait for the lock
            ApiResponse read = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + conversation)
                    .token(owner).sendUnchecked();
            ApiResponse list = api.call("conversation-list-conversations", "GET", "/v2/conversations?limit=5")
                    .token(staff).sendUnchecked();
            checkRead("conversation-get-conversation", read, readsUnaffected, variant);
            checkRead("conversation-list-conversations", list, readsUnaffected, variant);

            for (Map.Entry<String, CompletableFuture<ApiResponse>> a : answers.entrySet()) {
                String op = a.getKey();
                ApiResponse r = a.getValue().get(ANSWERED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
                if (blocked.contains(op) || r.status() >= 500) {
                    assertThat(r.status()).as(variant + ": " + op + " while locked: " + r.text()).isEqualTo(503);
                    ContractAssertions.assertCleanFault(op, r);
                    assertThat(r.header("Retry-After")).as(variant + ": Retry-After of " + op).isNotBlank();
                    refused.add(op);
                } else {
                    assertThat(r.status()).as(variant + ": " + op + " while locked: " + r.text()).isBetween(200, 299);
                    ContractAssertions.assertMatchesContract(op, r);
                }
            }
        }

        // nothing of the refused writes is there
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (String op : ALL_WRITES) {
            expected.put(op, refused.contains(op) ? 0 : 1);
        }
        assertThat(effects(conversation, marker, tokensBefore)).as(variant + ": effects after " + refused + " were refused")
                .isEqualTo(expected);
        assertThat(StoreIntegrity.violations(server.databaseUrl())).as(variant + ": half-written state").isEmpty();

        // the refused writes succeed now (the upload token was not used up by a refused upload)
        for (String op : refused) {
            ApiResponse r = writes.get(op).get();
            assertThat(r.status()).as(variant + ": " + op + " after the lock: " + r.text()).isBetween(200, 299);
            ContractAssertions.assertMatchesContract(op, r);
            expected.put(op, 1);
        }
        assertThat(effects(conversation, marker, tokensBefore)).as(variant + ": effects in the end").isEqualTo(expected);
        assertThat(StoreIntegrity.violations(server.databaseUrl())).as(variant + ": half-written state").isEmpty();
    }

    /** How often each write's effect is in the store (0 or 1 expected). */
    private Map<String, Integer> effects(String conversation, String marker, int tokensBefore) throws SQLException {
        Map<String, Integer> found = new LinkedHashMap<>();
        for (String op : ALL_WRITES) {
            found.put(op, switch (op) {
                case CREATE -> count("SELECT COUNT(*) FROM conversations WHERE title = ?", marker + "created");
                case MESSAGE -> count("SELECT COUNT(*) FROM timeline_entries WHERE content = ?", "written while locked " + marker);
                case STATUS -> count("SELECT COUNT(*) FROM conversations WHERE conversation_id = ? AND status = 'closed'",
                        conversation);
                case REQUEST_UPLOAD -> count("SELECT COUNT(*) FROM upload_tokens WHERE conversation_id = ?", conversation)
                        - tokensBefore;
                case UPLOAD -> count("SELECT COUNT(*) FROM files WHERE conversation_id = ?", conversation);
                default -> throw new IllegalStateException(op);
            });
        }
        return found;
    }

    /** The five writes, each as a repeatable request (operation id → send). */
    private Map<String, Supplier<ApiResponse>> writes(String conversation, String uploadToken, String marker) {
        Map<String, Supplier<ApiResponse>> writes = new LinkedHashMap<>();
        writes.put("conversation-create-conversation", () -> api.call("conversation-create-conversation", "POST",
                "/v2/conversations").token(owner).json(Map.of("title", marker + "created")).sendUnchecked());
        writes.put("conversation-create-message", () -> api.call("conversation-create-message", "POST",
                        "/v2/conversations/" + conversation + "/messages").token(owner)
                .json(Map.of("messageContent", "written while locked " + marker)).sendUnchecked());
        writes.put("conversation-set-conversation-status", () -> api.call("conversation-set-conversation-status", "PUT",
                "/v2/conversations/" + conversation + "/status").token(staff).json(Map.of("status", "closed")).sendUnchecked());
        writes.put("conversation-request-file-upload", () -> api.call("conversation-request-file-upload", "POST",
                "/v2/conversations/" + conversation + "/files").token(owner).json(Map.of()).sendUnchecked());
        writes.put("file-create-file", () -> {
            Multipart body = Multipart.file("locked.png", "image/png", SampleFiles.png(20, 20));
            return api.call("file-create-file", "POST", "/v2/files").raw(body.contentType(), body.bytes())
                    .header("Token", uploadToken).sendUnchecked();
        });
        return writes;
    }

    private static void checkRead(String operation, ApiResponse r, boolean mustSucceed, String variant) {
        if (mustSucceed || r.status() != 503) {
            assertThat(r.status()).as(variant + ": " + operation + " while locked: " + r.text()).isEqualTo(200);
            ContractAssertions.assertMatchesContract(operation, r);
        } else {
            ContractAssertions.assertCleanFault(operation, r);
            assertThat(r.header("Retry-After")).isNotBlank();
        }
    }

    private int count(String sql, String... parameters) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.databaseUrl());
             PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setString(i + 1, parameters[i]);
            }
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    // ---- locks ---------------------------------------------------------------------------------

    private static void assumeEngine(boolean postgresql) {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabase.isPostgresql() == postgresql,
                "a lock of the other engine");
    }

    private Lock sqliteLock(SqlStep take) throws SQLException {
        Properties props = new Properties();
        props.setProperty("busy_timeout", "30000"); // wait for Parley's writer between its batches
        Connection c = DriverManager.getConnection(server.databaseUrl(), props);
        try {
            take.run(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return new Lock(c, () -> exec(c, "ROLLBACK"));
    }

    private Lock postgresLock(SqlStep take) throws SQLException {
        Connection c = DriverManager.getConnection(server.databaseUrl());
        try {
            c.setAutoCommit(false);
            take.run(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        return new Lock(c, c::rollback);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    interface SqlStep {
        void run(Connection c) throws SQLException;
    }

    interface LockTaker {
        Lock take(String conversationId) throws Exception;
    }

    /** A held lock; closing releases it (rolls the other session back) and closes its connection. */
    static final class Lock implements AutoCloseable {
        final Connection connection;
        private final List<Release> releases = new ArrayList<>();

        interface Release {
            void run() throws Exception;
        }

        Lock(Connection connection, Release release) {
            this.connection = connection;
            releases.add(release);
        }

        /** Runs {@code first} before the release (e.g. stopping a thread that uses the connection). */
        Lock before(Release first) {
            releases.add(0, first);
            return this;
        }

        @Override
        public void close() throws Exception {
            try {
                for (Release r : releases) {
                    r.run();
                }
            } finally {
                connection.close();
            }
        }
    }
}
