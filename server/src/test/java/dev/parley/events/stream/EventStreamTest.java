package dev.parley.events.stream;

import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.api.HttpServer;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v2/events} on both engines: live delivery of every kind, resume with
 * {@code Last-Event-ID} after writes made while disconnected, no event of a hidden conversation
 * and no staff note for customers, revoked access (membership removed, user deactivated, token
 * revoked) ends delivery at the next event, bad inputs, heartbeats, the server's stop, the
 * stream limits, and (PostgreSQL) two nodes delivering each other's events.
 *
 * <p>Non-delivery is shown by order, never by waiting: a later "marker" event the caller may
 * see arrives first. Bad inputs tried: Last-Event-ID {@code abc}, {@code -1},
 * {@code 99999999999999999999}, {@code 1.5}, a position past the newest ({@code Long.MAX_VALUE}
 * and newest + 1000); {@code lastEventId=abc}; an unknown query parameter (ignored, as by every
 * operation); {@code conversationId} of a hidden, a nonexistent and a malformed conversation;
 * no token; an unknown token.
 */
class EventStreamTest {
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String member;
    static String outsider;
    static String employee;

    @BeforeAll
    static void start() {
        // a short heartbeat, so that the heartbeat test reads one without waiting 15 s
        server = TestServer.start(b -> b.streams(StreamSettings.defaults().withHeartbeat(Duration.ofMillis(300))));
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

    static long etag(ApiResponse r) {
        String etag = r.header("ETag");
        assertThat(etag).as("ETag of %s", r.request()).matches("\"\\d+\"");
        return Long.parseLong(etag.substring(1, etag.length() - 1));
    }

    static Map<String, Object> sharedWithCustomer() {
        return Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId());
    }

    static ApiResponse create(String token, String title, boolean shared) {
        return api.createConversation(token, shared ? Map.of("title", title, "sharedWith", sharedWithCustomer())
                : Map.of("title", title)).assertStatus(201);
    }

    static void assertEvent(SseStream.Frame f, String kind, long position, String conversationId) {
        assertThat(f.event()).isEqualTo(kind);
        assertThat(f.position()).as("id = the ETag's position").isEqualTo(position);
        assertThat(f.data().path("kind").asText()).isEqualTo(kind);
        assertThat(f.data().path("position").asLong()).isEqualTo(position);
        assertThat(f.data().path("conversationId").asText()).isEqualTo(conversationId);
    }

    @Test
    void eachKindArrivesLiveWithItsPositionAndNotesOnlyForStaff() {
        try (SseStream customer = SseStream.open(server.baseUrl(), owner);
             SseStream staff = SseStream.open(server.baseUrl(), employee)) {
            assertThat(customer.status).isEqualTo(200);
            assertThat(customer.header("Content-Type")).startsWith("text/event-stream");
            ApiResponse created = create(owner, "live kinds", true);
            String id = created.json().path("conversationId").asText();
            ApiResponse message = api.createMessage(owner, id, Map.of("messageContent", "hello")).assertStatus(201);
            ApiResponse status = api.setStatus(owner, id, "closed").assertStatus(200);
            ApiResponse note = api.createMessage(employee, id, Map.of("messageContent", "internal", "internal", true))
                    .assertStatus(201);
            ApiResponse updated = api.updateConversation(owner, id, Map.of("title", "live kinds, renamed")).assertStatus(200);
            long uploadRequested = etag(api.requestFileUpload(owner, id).assertStatus(201));
            String uploadToken = api.requestFileUpload(owner, id).assertStatus(201).json().path("uploadToken").asText();
            ApiResponse uploaded = api.uploadFile(uploadToken, dev.parley.testing.Multipart.file("a.png", "image/png",
                    SampleFiles.png(4, 4))).assertStatus(201);
            String fileId = uploaded.json().path("id").asText();

            for (SseStream s : List.of(customer, staff)) {
                assertEvent(s.next(), "ConversationCreated", etag(created), id);
                SseStream.Frame m = s.next();
                assertEvent(m, "MessageCreated", etag(message), id);
                assertThat(m.data().path("messageId").asText()).isEqualTo(message.json().path("messageId").asText());
                assertEvent(s.next(), "ConversationStatusChanged", etag(status), id);
                if (s == staff) {
                    SseStream.Frame n = s.next();
                    assertEvent(n, "MessageCreated", etag(note), id);
                    assertThat(n.data().path("audience").asText()).isEqualTo("staff");
                }
                // for the customer the note is skipped: the rename comes next
                assertEvent(s.next(), "ConversationUpdated", etag(updated), id);
                assertEvent(s.next(), "FileUploadRequested", uploadRequested, id);
                s.next(); // the second upload request
                SseStream.Frame f = s.next();
                assertEvent(f, "FileUploaded", etag(uploaded), id);
                assertThat(f.data().path("fileId").asText()).isEqualTo(fileId);
            }
        }
    }

    @Test
    void resumeAfterDisconnectLosesNothingByHeaderOrQuery() {
        String id = create(owner, "resume", true).json().path("conversationId").asText();
        long first;
        try (SseStream s = SseStream.open(server.baseUrl(), member)) {
            first = etag(api.createMessage(owner, id, Map.of("messageContent", "one")).assertStatus(201));
            assertThat(s.next().position()).isEqualTo(first);
        }
        // written while nobody listens
        List<Long> missed = new ArrayList<>();
        missed.add(etag(api.createMessage(owner, id, Map.of("messageContent", "two")).assertStatus(201)));
        missed.add(etag(api.setStatus(owner, id, "closed").assertStatus(200)));
        missed.add(etag(api.createMessage(member, id, Map.of("messageContent", "three")).assertStatus(201)));
        try (SseStream header = SseStream.open(server.baseUrl(), member, null, Map.of("Last-Event-ID", String.valueOf(first)));
             SseStream query = SseStream.open(server.baseUrl(), member, "lastEventId=" + first, Map.of())) {
            for (SseStream s : List.of(header, query)) {
                List<Long> got = new ArrayList<>();
                for (int i = 0; i < missed.size(); i++) {
                    SseStream.Frame f = s.next();
                    assertThat(f.data().path("conversationId").asText()).isEqualTo(id);
                    got.add(f.position());
                }
                assertThat(got).isEqualTo(missed);
            }
            // and live afterwards, without repeats
            long live = etag(api.createMessage(owner, id, Map.of("messageContent", "four")).assertStatus(201));
            assertThat(header.next().position()).isEqualTo(live);
            assertThat(query.next().position()).isEqualTo(live);
        }
        // the header wins over the query parameter (EventSource keeps the URL and sends the newest id)
        try (SseStream both = SseStream.open(server.baseUrl(), member, "lastEventId=" + first,
                Map.of("Last-Event-ID", String.valueOf(missed.get(1))))) {
            assertThat(both.next().position()).isEqualTo(missed.get(2));
        }
    }

    @Test
    void customersNeverReceiveHiddenConversationsNorNotesEvenOnResume() {
        try (SseStream out = SseStream.open(server.baseUrl(), outsider)) {
            long before = etag(create(owner, "not for outsiders", true));
            String id = api.listConversations(owner, "").json().get(0).path("conversationId").asText();
            api.createMessage(owner, id, Map.of("messageContent", "secret")).assertStatus(201);
            api.createMessage(employee, id, Map.of("messageContent", "note", "internal", true)).assertStatus(201);
            ApiResponse marker = create(outsider, "outsider's own", false);
            SseStream.Frame f = out.next();
            assertEvent(f, "ConversationCreated", etag(marker), marker.json().path("conversationId").asText());
            // the replay applies the same rule
            try (SseStream replay = SseStream.open(server.baseUrl(), outsider, null, Map.of("Last-Event-ID", String.valueOf(before - 1)))) {
                assertThat(replay.next().position()).isEqualTo(etag(marker));
            }
        }
        String shared = create(owner, "with a note", true).json().path("conversationId").asText();
        long replayFrom;
        try (SseStream m = SseStream.open(server.baseUrl(), member, "conversationId=" + shared, Map.of())) {
            replayFrom = etag(api.createMessage(employee, shared, Map.of("messageContent", "note", "internal", true)).assertStatus(201));
            long visible = etag(api.createMessage(employee, shared, Map.of("messageContent", "answer")).assertStatus(201));
            create(member, "another conversation: filtered out", false);
            long last = etag(api.setStatus(member, shared, "closed").assertStatus(200));
            assertThat(m.next().position()).isEqualTo(visible);
            // ConversationStatusChanged for "answered" is part of the message; next is the member's own status change
            assertThat(m.next().position()).isEqualTo(last);
        }
        try (SseStream replay = SseStream.open(server.baseUrl(), member, "conversationId=" + shared,
                Map.of("Last-Event-ID", String.valueOf(replayFrom - 1)))) {
            SseStream.Frame f = replay.next();
            assertThat(f.position()).isGreaterThan(replayFrom); // the note at replayFrom is not replayed
            assertThat(f.data().path("audience").isMissingNode()).isTrue();
        }
    }

    @Test
    void removedMembershipStopsDeliveryAtTheNextEvent() {
        String id = create(owner, "membership", true).json().path("conversationId").asText();
        String leaving = server.user("customer-member").userId();
        try (SseStream s = SseStream.open(server.baseUrl(), member)) {
            long seen = etag(api.createMessage(owner, id, Map.of("messageContent", "before")).assertStatus(201));
            assertThat(s.next().position()).isEqualTo(seen);
            List<Map<String, Object>> memberships = server.parley().database().read(h -> h.createQuery(
                    "SELECT * FROM customer_members WHERE user_id = :u").bind("u", leaving).mapToMap().list());
            server.parley().database().write(h -> h.createUpdate("DELETE FROM customer_members WHERE user_id = :u")
                    .bind("u", leaving).execute());
            try {
                api.createMessage(owner, id, Map.of("messageContent", "after")).assertStatus(201);
                ApiResponse marker = create(member, "still mine", false);
                assertThat(s.next().position()).as("the message after the removal is skipped").isEqualTo(etag(marker));
            } finally {
                for (Map<String, Object> row : memberships) {
                    String columns = String.join(", ", row.keySet());
                    String values = ":" + String.join(", :", row.keySet());
                    server.parley().database().write(h -> h.createUpdate(
                                    "INSERT INTO customer_members (" + columns + ") VALUES (" + values + ")")
                            .bindMap(row).execute());
                }
            }
        }
    }

    @Test
    void deactivatedUserAndRevokedTokenEndTheStream() {
        String id = create(owner, "deactivation", true).json().path("conversationId").asText();
        String userId = server.user("customer-member").userId();
        try (SseStream s = SseStream.open(server.baseUrl(), member)) {
            s.nextFrame(); // the opening comment: the stream is registered
            server.parley().database().write(h -> h.createUpdate("UPDATE users SET active = 0 WHERE user_id = :u")
                    .bind("u", userId).execute());
            try {
                api.createMessage(owner, id, Map.of("messageContent", "not for the deactivated")).assertStatus(201);
                assertThat(s.eventsUntilEnd()).as("nothing delivered, the stream ends").isEmpty();
            } finally {
                server.parley().database().write(h -> h.createUpdate("UPDATE users SET active = 1 WHERE user_id = :u")
                        .bind("u", userId).execute());
            }
        }
        // a token revoked: a token of its own, so that the demo user's stays
        String token = "stream-test-token-" + System.nanoTime();
        String ownerId = server.user("customer-owner").userId();
        server.parley().database().write(h -> h.createUpdate("""
                        INSERT INTO api_tokens (token_hash, token_id, user_id, created_at) VALUES (:h, :id, :u, 0)""")
                .bind("h", dev.parley.identity.Tokens.hash(token)).bind("id", java.util.UUID.randomUUID().toString())
                .bind("u", ownerId).execute());
        try (SseStream s = SseStream.open(server.baseUrl(), token)) {
            long seen = etag(api.createMessage(owner, id, Map.of("messageContent", "seen")).assertStatus(201));
            assertThat(s.next().position()).isEqualTo(seen);
            server.parley().database().write(h -> h.createUpdate("UPDATE api_tokens SET revoked_at = 1 WHERE token_hash = :h")
                    .bind("h", dev.parley.identity.Tokens.hash(token)).execute());
            api.createMessage(owner, id, Map.of("messageContent", "after the revocation")).assertStatus(201);
            assertThat(s.eventsUntilEnd()).isEmpty();
        }
    }

    @Test
    void badInputsAreRefusedInTheContractsShape() {
        for (String bad : List.of("abc", "-1", "99999999999999999999", "1.5", " 12x")) {
            events(owner, null).header("Last-Event-ID", bad).send().assertError(400, "ValidationError");
        }
        events(owner, "lastEventId=abc").send().assertError(400, "ValidationError");
        long head = etag(create(owner, "head", false));
        for (long future : List.of(head + 1000, Long.MAX_VALUE)) {
            ApiResponse r = events(owner, null).header("Last-Event-ID", String.valueOf(future)).send();
            assertThat(r.status()).isEqualTo(412);
            assertThat(r.json().path("type").asText()).isEqualTo("PreconditionFailed");
        }
        String hidden = create(owner, "hidden from outsiders", false).json().path("conversationId").asText();
        ApiResponse hiddenAnswer = events(outsider, "conversationId=" + hidden).send().assertError(404, "NotFound");
        ApiResponse missing = events(outsider, "conversationId=" + java.util.UUID.randomUUID()).send().assertError(404, "NotFound");
        assertThat(hiddenAnswer.text()).isEqualTo(missing.text());
        events(outsider, "conversationId=not-a-conversation").send().assertError(404, "NotFound");
        events(null, null).send().assertError(401, "Unauthorized");
        events("no-such-token", null).send().assertError(401, "Unauthorized");
        // unknown query parameters are ignored, as by every operation
        try (SseStream s = SseStream.open(server.baseUrl(), owner, "unknown=1&foo=bar", Map.of())) {
            assertThat(s.status).isEqualTo(200);
        }
    }

    static ApiClient.Call events(String token, String query) {
        ApiClient.Call call = api.call(EventStream.OPERATION, "GET", "/v2/events" + (query == null ? "" : "?" + query));
        return token == null ? call : call.token(token);
    }

    @Test
    void anIdleStreamGetsHeartbeats() {
        try (SseStream s = SseStream.open(server.baseUrl(), owner)) {
            assertThat(s.nextFrame().comment()).isEqualTo("parley events");
            assertThat(s.nextFrame().comment()).isEqualTo("heartbeat");
        }
    }

    /** Threads of stream hubs in this JVM (one per running server, whatever its number of streams). */
    private static long hubThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("parley-event-streams")).count();
    }

    @Test
    void anIdleStreamHoldsNoThread() {
        List<SseStream> streams = new ArrayList<>();
        long hubThreadsBefore = 0;
        try {
            for (int i = 0; i < 12; i++) {
                SseStream s = SseStream.open(server.baseUrl(), i % 2 == 0 ? owner : employee);
                assertThat(s.status).isEqualTo(200);
                s.nextFrame();
                streams.add(s);
                if (i == 0) {
                    hubThreadsBefore = hubThreads(); // the hub's thread may start with its first stream
                }
            }
            // 12 open streams: no request thread is inside the stream's code or a servlet write. The
            // hub's one shared thread is left out: it may be caught at its periodic work (a heartbeat
            // reads identity_version), so it is counted instead: one, however many streams
            List<String> busy = new ArrayList<>();
            assertThat(hubThreads()).as("threads of stream hubs: the same after 11 more streams").isEqualTo(hubThreadsBefore);
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                if (thread.getName().equals("parley-event-streams")) {
                    return;
                }
                for (StackTraceElement frame : stack) {
                    if (frame.getClassName().startsWith("dev.parley.events.stream.")
                            && !frame.getClassName().endsWith("Test") && !frame.getClassName().contains("SseStream")) {
                        busy.add(thread.getName() + " " + frame);
                    }
                }
            });
            assertThat(busy).isEmpty();
        } finally {
            streams.forEach(SseStream::close);
        }
    }

    @Test
    void streamsAreBoundedPerUserAndPerNode() {
        // a short heartbeat: a client's leaving is noticed at the next write to it
        try (TestServer small = TestServer.start(b -> b.streams(StreamSettings.defaults().withLimits(2, 3)
                .withHeartbeat(Duration.ofMillis(100))))) {
            String token = small.user("customer-owner").token();
            try (SseStream a = SseStream.open(small.baseUrl(), token);
                 SseStream b = SseStream.open(small.baseUrl(), token)) {
                assertThat(List.of(a.status, b.status)).containsOnly(200);
                ApiResponse third = small.client().call(EventStream.OPERATION, "GET", "/v2/events").token(token).send();
                third.assertError(429, "RateLimitError");
                try (SseStream other = SseStream.open(small.baseUrl(), small.user("employee").token())) {
                    assertThat(other.status).isEqualTo(200);
                    ApiResponse full = small.client().call(EventStream.OPERATION, "GET", "/v2/events")
                            .token(small.user("customer-member").token()).sendUnchecked();
                    assertThat(full.status()).isEqualTo(503);
                    assertThat(full.json().path("type").asText()).isEqualTo("ServiceUnavailable");
                    assertThat(full.json().path("message").asText()).isNotBlank();
                }
            }
            // slots are given back when streams end (the server notices at its next heartbeat)
            long deadline = System.nanoTime() + SseStream.safety().toNanos();
            int status;
            do {
                try (SseStream again = SseStream.open(small.baseUrl(), token)) {
                    status = again.status;
                }
            } while (status != 200 && System.nanoTime() < deadline);
            assertThat(status).isEqualTo(200);
        }
    }

    @Test
    void stoppingTheServerEndsItsStreamsAtOnce() {
        TestServer stopping = TestServer.startDemo();
        try (SseStream s = SseStream.open(stopping.baseUrl(), stopping.user("customer-owner").token())) {
            s.nextFrame();
            long started = System.nanoTime();
            stopping.close();
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(s.eventsUntilEnd()).isEmpty();
            // a stream never ends by itself: without ending it, the graceful stop would wait its full timeout
            assertThat(tookMillis).isLessThan(HttpServer.STOP_TIMEOUT_MILLIS);
        }
    }

    @Test
    void twoNodesOnPostgresqlDeliverEachOthersEvents() throws Exception {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "two nodes share a PostgreSQL database");
        Path dir = Files.createTempDirectory("parley-second-node");
        try (Parley second = Parley.start(ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(dir)
                .databaseUrl(server.databaseUrl()).rateLimit(1_000_000, Duration.ofMinutes(1)).authFailureLimit(1_000_000)
                .build())) {
            String secondUrl = "http://127.0.0.1:" + second.port();
            ApiClient secondApi = new ApiClient(secondUrl);
            try (SseStream onSecond = SseStream.open(secondUrl, member);
                 SseStream onFirst = SseStream.open(server.baseUrl(), member)) {
                onSecond.nextFrame();
                onFirst.nextFrame();
                ApiResponse fromFirst = create(owner, "written on the first node", true);
                assertEvent(onSecond.next(), "ConversationCreated", etag(fromFirst),
                        fromFirst.json().path("conversationId").asText());
                ApiResponse fromSecond = secondApi.createConversation(owner,
                        Map.of("title", "written on the second node", "sharedWith", sharedWithCustomer())).assertStatus(201);
                assertEvent(onFirst.next(), "ConversationCreated", etag(fromFirst),
                        fromFirst.json().path("conversationId").asText());
                assertEvent(onFirst.next(), "ConversationCreated", etag(fromSecond),
                        fromSecond.json().path("conversationId").asText());
            }
        }
    }
}
