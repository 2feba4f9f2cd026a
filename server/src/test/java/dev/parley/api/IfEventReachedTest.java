package dev.parley.api;

import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code if-event-reached} never holds a request: a position past the newest one the database has
 * assigned is a 412 at once, and one written by another writer on the same database (not through
 * this server) is served with that write visible, also on PostgreSQL when it committed after a
 * later position (out of order).
 *
 * <p>Positions tried: the newest position + 1 and + 1000, {@code Long.MAX_VALUE}, each quoted
 * ({@code "n"}), bare ({@code n}) and weak ({@code W/"n"}), on a public operation without a token
 * and on an authenticated one; 200 threads sending them at once while ordinary reads and writes
 * go on.
 */
class IfEventReachedTest {
    static TestServer server;
    static ApiClient api;
    static String owner;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The newest position: the ETag of a write made now. */
    static long head() {
        ApiResponse created = api.createConversation(owner, Map.of("title", "head")).assertStatus(201);
        return ConsistencyAndLimitsTest.etag(created);
    }

    /** Positions past {@code head} in every form; {@code margin}: how far past it the nearest is. */
    static List<String> unreachable(long head, long margin) {
        List<String> values = new ArrayList<>();
        for (long p : List.of(head + margin, head + 1000 * margin, Long.MAX_VALUE)) {
            values.add("\"" + p + "\"");
            values.add(String.valueOf(p));
            values.add("W/\"" + p + "\"");
        }
        return values;
    }

    static ApiResponse categories(String ifEventReached) {
        return api.call("conversation-list-categories", "GET", "/v2/conversation-categories")
                .header("if-event-reached", ifEventReached).send();
    }

    static ApiResponse conversations(String ifEventReached) {
        return api.call("conversation-list-conversations", "GET", "/v2/conversations")
                .token(owner).header("if-event-reached", ifEventReached).send();
    }

    @Test
    void aPositionPastTheNewestIs412() {
        for (String value : unreachable(head(), 1)) {
            ApiResponse anonymous = categories(value);
            anonymous.assertError(412, "PreconditionFailed");
            assertThat(anonymous.json().path("message").asText()).as(value).isNotBlank();
            conversations(value).assertError(412, "PreconditionFailed");
        }
        // the newest position itself is served
        long head = head();
        categories(String.valueOf(head)).assertStatus(200);
        conversations("W/\"" + head + "\"").assertStatus(200);
    }

    @Test
    void aFloodOfUnreachablePositionsLeavesOrdinaryRequestsAnswered() throws Exception {
        // far enough past the head that the writes made meanwhile do not reach it
        List<String> values = unreachable(head(), 1_000_000);
        ExecutorService flood = Executors.newFixedThreadPool(200);
        ExecutorService ordinary = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> floods = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int thread = i;
                floods.add(flood.submit(() -> {
                    int refused = 0;
                    for (int j = 0; j < 5; j++) {
                        String value = values.get((thread + j) % values.size());
                        ApiResponse r = (thread + j) % 2 == 0 ? categories(value) : conversations(value);
                        r.assertError(412, "PreconditionFailed");
                        refused++;
                    }
                    return refused;
                }));
            }
            // ordinary requests sent at the same time: a write, and reads of it with its ETag
            List<Future<String>> answered = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                answered.add(ordinary.submit(() -> {
                    ApiResponse created = api.createConversation(owner, Map.of("title", "during the flood " + n))
                            .assertStatus(201);
                    String id = created.json().path("conversationId").asText();
                    ApiResponse read = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id)
                            .token(owner).header("if-event-reached", created.header("ETag")).send().assertStatus(200);
                    api.listCategories(null).assertStatus(200);
                    return read.json().path("title").asText();
                }));
            }
            for (int i = 0; i < answered.size(); i++) {
                assertThat(answered.get(i).get(120, TimeUnit.SECONDS)).isEqualTo("during the flood " + i);
            }
            int refused = 0;
            for (Future<Integer> f : floods) {
                refused += f.get(120, TimeUnit.SECONDS);
            }
            assertThat(refused).isEqualTo(1000);
        } finally {
            flood.shutdownNow();
            ordinary.shutdownNow();
        }
    }

    /**
     * Another writer on the same database (another node, {@code parley admin}, SQL by hand)
     * changes a conversation this server holds in its cache and appends the event: a read asking
     * for that event's position is served at once, with the change.
     */
    @Test
    void aPositionWrittenByAnotherWriterIsServedWithItsWrite() throws Exception {
        String id = api.newConversation(owner, Map.of("title", "Before another writer"));
        for (int i = 0; i < 3; i++) {
            api.getConversation(owner, id).assertStatus(200); // cached now
        }
        long position;
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            rename(c, id, "Renamed by another writer");
            position = appendEvent(c, id);
            c.commit();
        }
        ApiResponse read = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id)
                .token(owner).header("if-event-reached", "\"" + position + "\"").send().assertStatus(200);
        assertThat(read.json().path("title").asText()).isEqualTo("Renamed by another writer");
        // one past it is still refused
        conversations(String.valueOf(position + 1)).assertError(412, "PreconditionFailed");
    }

    /**
     * PostgreSQL takes positions from a sequence before commit: position p may commit after a
     * later q, which this server has already applied. A read asking for p once p committed is
     * served with p's write, not from the cache of before.
     */
    @Test
    void aPositionThatCommittedAfterALaterOneIsServedWithItsWrite() throws Exception {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "positions commit out of order on PostgreSQL only");
        String id = api.newConversation(owner, Map.of("title", "Before a late commit"));
        for (int i = 0; i < 3; i++) {
            api.getConversation(owner, id).assertStatus(200); // cached now
        }
        try (Connection late = connect(); Connection early = connect()) {
            late.setAutoCommit(false);
            rename(late, id, "Renamed by the late commit");
            long p = appendEvent(late, id);
            long q = appendEvent(early, null); // autocommit: q > p commits first
            assertThat(q).isGreaterThan(p);
            // the server reaches q (p is missing then) and still serves the old title
            ApiResponse atQ = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id)
                    .token(owner).header("if-event-reached", String.valueOf(q)).send().assertStatus(200);
            assertThat(atQ.json().path("title").asText()).isEqualTo("Before a late commit");
            late.commit();

            ApiResponse atP = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id)
                    .token(owner).header("if-event-reached", String.valueOf(p)).send().assertStatus(200);
            assertThat(atP.json().path("title").asText()).isEqualTo("Renamed by the late commit");
        }
    }

    private static Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(server.databaseUrl());
        if (!TestDatabase.isPostgresql()) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
            }
        }
        return c;
    }

    private static void rename(Connection c, String id, String title) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE conversations SET title = ? WHERE conversation_id = ?")) {
            st.setString(1, title);
            st.setString(2, id);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    private static long appendEvent(Connection c, String conversationId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO events (type, conversation_id, actor_id, created_at) VALUES ('TEST', ?, NULL, ?)",
                new String[]{"position"})) {
            st.setString(1, conversationId);
            st.setLong(2, System.currentTimeMillis());
            st.executeUpdate();
            try (ResultSet keys = st.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
