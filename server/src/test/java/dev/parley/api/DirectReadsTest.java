package dev.parley.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.identity.IdentityRepository;
import dev.parley.testing.AccessLines;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.ContractAssertions;
import dev.parley.testing.RawHttp;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DirectReads}: {@code GET /v2/conversations/{uuid}} answered from the conversation cache in
 * front of Javalin gives exactly Javalin's answer (status, body bytes, header names and values but
 * for Date, X-Request-Id and the bucket's Remaining/Reset), spends the caller's rate-limit budget
 * like Javalin, writes one access line like Javalin's, and answers nothing that asks for more:
 * every such request reaches Javalin untouched (the direct path spent no token: the Remaining
 * Javalin reports is exactly one below the previous answer's) and gets Javalin's answer.
 * {@code Parley.directReads().answered()} tells which path answered; every request waits for its
 * own access line (written after that count) before the count is read.
 *
 * <p>Requests are written over a plain socket with exactly the headers given (no Accept-Encoding,
 * no Content-Length unless a case sends one). Every answer, unpacked when gzipped, is checked
 * against the contract (HEAD, which has no body, only for its status and headers).
 *
 * <p>Answered directly (and compared with Javalin's answer to the same request with a trailing
 * slash): the token as {@code Authorization: Bearer}, as lower-case {@code bearer}, as a bare
 * {@code Authorization} value, as {@code X-Access-Token}, with surrounding spaces; an employee's
 * and the creator's token; {@code Accept-Encoding: gzip} on a body under 1,500 bytes; a body of
 * 1,500 bytes and more without Accept-Encoding; {@code X-Forwarded-For} from a trusted proxy;
 * {@code Expect: 100-continue} without a body; the absolute form of the request target;
 * {@code Content-Length: 0}, also with the {@code Upgrade: h2c} headers Java's HttpClient sends on
 * every GET; a server with CORS origins configured but a request without {@code Origin}.
 *
 * <p>Bad or unusual inputs that must reach Javalin, and what Javalin answers. The path: a query
 * string ({@code ?}, {@code ?x=1}, {@code ?limit=5}: the conversation), a trailing slash (the
 * conversation), {@code %2D} and {@code %2d} for a dash and {@code %61} for a hex letter (the
 * conversation), the shortId (the conversation), a path parameter ({@code ;a=b}, a bare
 * {@code ;}: 400), an upper-case and a mixed-case UUID (404), a double slash (404, no route),
 * {@code HEAD} (the GET's head, through Javalin's pipeline). Headers: {@code Origin} (with and without CORS configured,
 * an allowed and a foreign origin), {@code Cookie} (a desk session's name and any other),
 * {@code if-event-reached} (reached, blank: the conversation; never written: 412; not a number:
 * 400), a body ({@code Content-Length: 2} with {@code {}},
 * {@code Transfer-Encoding: chunked}), {@code Accept-Encoding} ({@code gzip},
 * {@code gzip, deflate, br}: gzipped; {@code identity}, empty: plain) on a body of 1,500 bytes and
 * more. Credentials: none, an empty {@code Bearer}, unknown tokens (as bearer, bare,
 * {@code X-Access-Token}), {@code Basic} credentials, a token of 600 characters (401); a user who
 * cannot see the conversation, an unknown conversation id (404); a conversation not cached yet or
 * changed since it was cached (the conversation, loaded); an address out of failed
 * authentications, with a valid token in each header form (429); an empty rate-limit bucket
 * (429). Access changed while the conversation was cached: a caller who left the customer it is
 * shared with (404), a revoked token, a deactivated user, a token that expired (401), a caller who
 * joined the customer (loaded once, then direct). Request ids: a fair one (echoed), none, and ones
 * with a space, a tab, a quote, a backslash, of 129 and 200 characters (replaced by 32 hex digits).
 */
class DirectReadsTest {
    private static final String OP = "conversation-get-conversation";
    /** Headers whose values differ between two answers whatever path gave them. */
    private static final Set<String> VARYING = Set.of("date", "x-request-id", "x-ratelimit-remaining", "x-ratelimit-reset");
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static final AtomicInteger ADDRESSES = new AtomicInteger(10);

    /** Rate limits exact to the request: 190 per 1,000 days (a token per 7.5 min; one upsert per request on PostgreSQL). */
    private static final long BUDGET = 190;

    static TestServer server;
    static String shared; // shared with Demo GmbH: the customer-owner, the customer-member and staff see it
    static String shortId;
    static String big;    // a body of 1,500 bytes and more
    static long createdPosition;
    static String reader; // the employee's token for reads beside a case's own

    /** Each test's access lines, off the console. */
    @RegisterExtension
    static final AccessLines LINES = AccessLines.capture(false);

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b.rateLimit(BUDGET, Duration.ofDays(1000)).trustedProxies(List.of("127.0.0.0/8")));
        ApiClient api = server.client();
        String owner = freshToken(server, "customer-owner");
        ApiResponse created = api.createConversation(owner, sharedWithCustomer(server, "Direct reads", "first"));
        created.assertStatus(201);
        shared = created.json().path("conversationId").asText();
        createdPosition = Long.parseLong(created.header("ETag").replace("\"", ""));
        shortId = api.getConversation(owner, shared).assertStatus(200).json().path("shortId").asText();
        // a title of 300 three-byte characters and a long message: a body of some 2,000 bytes
        big = api.newConversation(owner, sharedWithCustomer(server, "€".repeat(dev.parley.conversation.ConversationService.MAX_TITLE_LENGTH),
                "a long message ".repeat(500)));
        reader = freshToken(server, "employee");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- 1. the same answer both ways ----------------------------------------------------------

    @Test
    void aCachedConversationIsAnsweredDirectlyWithJavalinsAnswer() {
        String owner = freshToken(server, "customer-owner");
        String member = freshToken(server, "customer-member");
        String id = server.client().newConversation(owner, sharedWithCustomer(server, "Both ways", "hello"));
        String path = "/v2/conversations/" + id;

        Sent miss = get(server, path, member);
        assertThat(miss.direct()).as("the first read loads the conversation (Javalin)").isFalse();
        miss.reply().assertStatus(200);
        Sent hit = get(server, path, member);
        assertThat(hit.direct()).as("the second read is answered from the cache").isTrue();
        hit.reply().assertStatus(200);
        Sent slash = get(server, path + "/", member);
        assertThat(slash.direct()).as("a trailing slash is Javalin's").isFalse();

        assertSameAnswer(hit.reply(), slash.reply());
        assertSameAnswer(hit.reply(), miss.reply());
        assertThat(hit.reply().json().path("conversationId").asText()).isEqualTo(id);
        assertThat(hit.reply().header("Content-Length")).isEqualTo(String.valueOf(hit.reply().body().length));
        assertThat(hit.reply().header("Content-Type")).isEqualTo(slash.reply().header("Content-Type"));
        // one token each, whichever path answered
        assertThat(remaining(miss.reply())).isEqualTo(BUDGET - 1);
        assertThat(remaining(hit.reply())).isEqualTo(BUDGET - 2);
        assertThat(remaining(slash.reply())).isEqualTo(BUDGET - 3);
        assertThat(Long.parseLong(hit.reply().header("X-Ratelimit-Reset"))).isPositive()
                .isLessThanOrEqualTo(Long.parseLong(slash.reply().header("X-Ratelimit-Reset")));
        // the ApiClient's own request (java.net.http) gets the same body, whichever path it took
        ApiResponse viaClient = server.client().getConversation(member, id).assertStatus(200);
        assertThat(viaClient.body()).isEqualTo(hit.reply().body());
    }

    /** Requests that differ only in what a direct answer does not depend on: answered directly, as Javalin does. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("directVariants")
    void plainVariantsAreAnsweredDirectlyAsJavalinAnswersThem(String name, String role, boolean bigBody,
                                                              Function<String, List<String>> headers) {
        String token = freshToken(server, role);
        String path = "/v2/conversations/" + (bigBody ? big : shared);
        warm(server, path, token);
        // the absolute form of the request target (as sent to a proxy) names the same resource
        String target = name.startsWith("absolute-form") ? server.baseUrl() + path : path;
        Sent direct = send(server, "GET", target, headers.apply(token), null);
        assertThat(direct.direct()).as(name + ": answered directly").isTrue();
        direct.reply().assertStatus(200);
        Sent javalin = send(server, "GET", target + "/", headers.apply(token), null);
        assertThat(javalin.direct()).isFalse();
        assertSameAnswer(direct.reply(), javalin.reply());
        if (bigBody) {
            assertThat(direct.reply().body().length).isGreaterThanOrEqualTo(ResponseOutput.COMPRESSED_FROM);
        }
    }

    static Stream<Arguments> directVariants() {
        return Stream.of(
                direct("Authorization: Bearer", "customer-member", false, t -> List.of("Authorization: Bearer " + t)),
                direct("Authorization: bearer (lower case)", "customer-member", false, t -> List.of("Authorization: bearer " + t)),
                direct("bare Authorization", "customer-member", false, t -> List.of("Authorization: " + t)),
                direct("X-Access-Token", "customer-member", false, t -> List.of("X-Access-Token: " + t)),
                direct("X-Access-Token with spaces around", "customer-member", false, t -> List.of("X-Access-Token:    " + t + "   ")),
                direct("blank X-Access-Token beside a Bearer token", "customer-member", false,
                        t -> List.of("X-Access-Token: ", "Authorization: Bearer " + t)),
                direct("employee", "employee", false, t -> List.of("Authorization: Bearer " + t)),
                direct("creator", "customer-owner", false, t -> List.of("Authorization: Bearer " + t)),
                direct("Accept-Encoding: gzip on a small body", "customer-member", false,
                        t -> List.of("Authorization: Bearer " + t, "Accept-Encoding: gzip")),
                direct("a large body without Accept-Encoding", "customer-member", true, t -> List.of("Authorization: Bearer " + t)),
                direct("X-Forwarded-For from a trusted proxy", "customer-member", false,
                        t -> List.of("Authorization: Bearer " + t, "X-Forwarded-For: 198.51.100.7")),
                direct("unrelated headers (Accept, User-Agent, Accept-Language)", "customer-member", false,
                        t -> List.of("Authorization: Bearer " + t, "Accept: application/json", "User-Agent: curl/8.5.0",
                                "Accept-Language: de")),
                direct("Expect: 100-continue without a body", "customer-member", false,
                        t -> List.of("Authorization: Bearer " + t, "Expect: 100-continue")),
                direct("absolute-form request target", "customer-member", false, t -> List.of("Authorization: Bearer " + t)),
                direct("Content-Length: 0 (no body)", "customer-member", false,
                        t -> List.of("Authorization: Bearer " + t, "Content-Length: 0")),
                // what Java's HttpClient (JDK 11 to 18) sends on every GET
                direct("Java HttpClient's GET (Content-Length: 0, Upgrade: h2c)", "customer-member", false,
                        t -> List.of("Authorization: Bearer " + t, "Content-Length: 0", "Connection: Upgrade, HTTP2-Settings",
                                "HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA", "Upgrade: h2c")));
    }

    private static Arguments direct(String name, String role, boolean big, Function<String, List<String>> headers) {
        return Arguments.of(name, role, big, headers);
    }

    // ---- 2. everything that asks for more goes to Javalin ------------------------------------------

    /** What a fall-through case sends and what Javalin must answer. */
    record Case(String method, String target, List<String> headers, byte[] body, boolean spendsCallersToken,
                BiConsumer<Fixture, Reply> expect) {
    }

    /** What a case is built from: the conversation and a token of the customer-member of its own (a bucket of its own). */
    record Fixture(String id, String path, String shortId, String token, Reply plain) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fallThroughCases")
    void requestsThatAskForMoreAreLeftToJavalin(String name, Function<Fixture, Case> build) {
        String token = freshToken(server, "customer-member");
        String path = "/v2/conversations/" + shared;
        // both conversations cached (the new token raised identity_version): a case answered by
        // Javalin is one the direct path refused, not a cold cache
        warm(server, "/v2/conversations/" + big, token);
        warm(server, path, token);
        Sent plain = get(server, path, token);
        assertThat(plain.direct()).as("the plain request is answered directly").isTrue();
        long before = remaining(plain.reply());
        Fixture fixture = new Fixture(shared, path, shortId, token, plain.reply());
        Case c = build.apply(fixture);

        Sent sent = send(server, c.method(), c.target(), c.headers(), c.body());
        assertThat(sent.direct()).as(name + ": not answered directly").isFalse();
        c.expect().accept(fixture, sent.reply());

        // nothing was spent before the request was left to Javalin, which took one token (or none:
        // refused before the rate limit, or another credential's bucket)
        Sent after = get(server, path, token);
        assertThat(after.direct()).as("the plain request after " + name).isTrue();
        long spent = c.spendsCallersToken() ? 1 : 0;
        if (c.spendsCallersToken() && sent.reply().header("X-Ratelimit-Remaining") != null) {
            assertThat(remaining(sent.reply())).as(name + ": Javalin's Remaining").isEqualTo(before - 1);
        }
        assertThat(remaining(after.reply())).as("Remaining after " + name).isEqualTo(before - 1 - spent);
        assertSameAnswer(plain.reply(), after.reply());
    }

    static Stream<Arguments> fallThroughCases() {
        return Stream.of(
                // the path
                fallThrough("trailing slash", f -> getCase(f.path() + "/", bearer(f), true, sameAnswer())),
                fallThrough("empty query ?", f -> getCase(f.path() + "?", bearer(f), true, sameAnswer())),
                fallThrough("query ?x=1", f -> getCase(f.path() + "?x=1", bearer(f), true, sameBody())),
                fallThrough("query ?limit=5", f -> getCase(f.path() + "?limit=5", bearer(f), true, sameBody())),
                fallThrough("path parameter ;a=b", f -> getCase(f.path() + ";a=b", bearer(f), true, pathParameter())),
                fallThrough("path parameter ;", f -> getCase(f.path() + ";", bearer(f), true, pathParameter())),
                fallThrough("%2D for the first dash", f -> getCase(f.path().replaceFirst("-", "%2D"), bearer(f), true, sameBody())),
                fallThrough("%2d for the last dash", f -> getCase(lastDash(f.path(), "%2d"), bearer(f), true, sameBody())),
                fallThrough("%61 for a letter a", f -> getCase(escapeFirstLetter(f.path()), bearer(f), true, escapedLetter())),
                fallThrough("upper-case UUID", f -> getCase("/v2/conversations/" + f.id().toUpperCase(Locale.ROOT), bearer(f),
                        true, caseFolded())),
                fallThrough("mixed-case UUID", f -> getCase("/v2/conversations/" + mixedCase(f.id()), bearer(f), true,
                        caseFolded())),
                fallThrough("shortId", f -> getCase("/v2/conversations/" + f.shortId(), bearer(f), true, sameAnswer())),
                // no route: Javalin's 404 before the pipeline (nothing spent)
                fallThrough("double slash", f -> getCase("/v2/conversations//" + f.id(), bearer(f), false, error(404, "NotFound"))),
                // HEAD runs the GET operation's pipeline in Javalin (a token spent), without the body
                fallThrough("HEAD", f -> new Case("HEAD", f.path(), bearer(f), null, true, head())),
                // headers asking for more
                fallThrough("Origin without CORS configured", f -> getCase(f.path(), with(bearer(f), "Origin: https://app.example.com"),
                        true, sameAnswer())),
                fallThrough("Cookie: parley_session", f -> getCase(f.path(), with(bearer(f), "Cookie: parley_session=not-a-session"),
                        true, sameAnswer())),
                fallThrough("Cookie: any", f -> getCase(f.path(), with(bearer(f), "Cookie: a=b; lang=de"), true, sameAnswer())),
                fallThrough("if-event-reached reached", f -> getCase(f.path(),
                        with(bearer(f), "if-event-reached: \"" + createdPosition + "\""), true, sameAnswer())),
                fallThrough("if-event-reached blank", f -> getCase(f.path(), with(bearer(f), "if-event-reached: "), true, sameAnswer())),
                fallThrough("if-event-reached never written", f -> getCase(f.path(),
                        with(bearer(f), "if-event-reached: \"999999999999\""), true, error(412, "PreconditionFailed"))),
                fallThrough("if-event-reached not a number", f -> getCase(f.path(),
                        with(bearer(f), "if-event-reached: soon"), true, error(400, "ValidationError"))),
                fallThrough("a body of 2 bytes", f -> new Case("GET", f.path(),
                        with(bearer(f), "Content-Length: 2", "Content-Type: application/json"),
                        "{}".getBytes(StandardCharsets.US_ASCII), true, sameAnswer())),
                fallThrough("Transfer-Encoding: chunked", f -> new Case("GET", f.path(),
                        with(bearer(f), "Transfer-Encoding: chunked"), "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), true,
                        sameAnswer())),
                fallThrough("Accept-Encoding: gzip, large body", f -> getCase("/v2/conversations/" + big,
                        with(bearer(f), "Accept-Encoding: gzip"), true, gzipped())),
                fallThrough("Accept-Encoding: gzip, deflate, br, large body", f -> getCase("/v2/conversations/" + big,
                        with(bearer(f), "Accept-Encoding: gzip, deflate, br"), true, gzipped())),
                fallThrough("Accept-Encoding: identity, large body", f -> getCase("/v2/conversations/" + big,
                        with(bearer(f), "Accept-Encoding: identity"), true, plainLarge())),
                fallThrough("Accept-Encoding empty, large body", f -> getCase("/v2/conversations/" + big,
                        with(bearer(f), "Accept-Encoding: "), true, plainLarge())),
                // credentials
                fallThrough("no token", f -> getCase(f.path(), List.of(), false, error(401, "Unauthorized"))),
                fallThrough("empty Bearer", f -> getCase(f.path(), List.of("Authorization: Bearer"), false, error(401, "Unauthorized"))),
                fallThrough("unknown Bearer token", f -> getCase(f.path(), List.of("Authorization: Bearer parley_notAToken"), false,
                        error(401, "Unauthorized"))),
                fallThrough("unknown bare token", f -> getCase(f.path(), List.of("Authorization: parley_notAToken"), false,
                        error(401, "Unauthorized"))),
                fallThrough("unknown X-Access-Token", f -> getCase(f.path(), List.of("X-Access-Token: parley_notAToken"), false,
                        error(401, "Unauthorized"))),
                fallThrough("Basic credentials", f -> getCase(f.path(), List.of("Authorization: Basic dXNlcjpwYXNzd29yZA=="), false,
                        error(401, "Unauthorized"))),
                fallThrough("token of 600 characters", f -> getCase(f.path(), List.of("Authorization: Bearer " + "x".repeat(600)),
                        false, error(401, "Unauthorized"))),
                fallThrough("a user who cannot see it (outsider)", f -> getCase(f.path(),
                        List.of("Authorization: Bearer " + server.user("outsider").token()), false, error(404, "NotFound"))),
                fallThrough("a user who cannot see it (project-member)", f -> getCase(f.path(),
                        List.of("X-Access-Token: " + server.user("project-member").token()), false, error(404, "NotFound"))),
                fallThrough("an unknown conversation", f -> getCase("/v2/conversations/" + java.util.UUID.randomUUID(), bearer(f), true,
                        error(404, "NotFound"))),
                fallThrough("a conversation not cached yet", f -> getCase("/v2/conversations/" + uncachedConversation(), bearer(f),
                        true, (fx, r) -> assertThat(r.assertStatus(200).json().path("title").asText()).isEqualTo("Not cached"))));
    }

    private static Arguments fallThrough(String name, Function<Fixture, Case> build) {
        return Arguments.of(name, Named.of(name, build));
    }

    private static Case getCase(String target, List<String> headers, boolean spends, BiConsumer<Fixture, Reply> expect) {
        return new Case("GET", target, headers, null, spends, expect);
    }

    private static List<String> bearer(Fixture f) {
        return List.of("Authorization: Bearer " + f.token());
    }

    private static List<String> with(List<String> headers, String... more) {
        List<String> all = new ArrayList<>(headers);
        all.addAll(List.of(more));
        return all;
    }

    /** Javalin's 200 with the direct answer's body and headers. */
    private static BiConsumer<Fixture, Reply> sameAnswer() {
        return (f, r) -> assertSameAnswer(f.plain(), r);
    }

    /** Javalin's 200 with the direct answer's body (headers may differ, e.g. a query's validation). */
    private static BiConsumer<Fixture, Reply> sameBody() {
        return (f, r) -> {
            r.assertStatus(200);
            assertThat(r.body()).isEqualTo(f.plain().body());
        };
    }

    private static BiConsumer<Fixture, Reply> error(int status, String type) {
        return (f, r) -> {
            r.assertStatus(status);
            assertThat(r.json().path("type").asText()).as(r.request()).isEqualTo(type);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
            if (status == 401) {
                assertThat(r.header("X-Request-Id")).isNotNull();
            }
        };
    }

    /** {@code ;a=b}: Javalin takes it as part of the id, which is then no UUID (nor a shortId): 400. */
    private static BiConsumer<Fixture, Reply> pathParameter() {
        return (f, r) -> {
            error(400, "ValidationError").accept(f, r);
            assertThat(r.json().path("validationErrors").get(0).path("path").asText()).isEqualTo(".conversationId");
        };
    }

    /** {@code %61} for "a": the decoded id is the conversation's. */
    private static BiConsumer<Fixture, Reply> escapedLetter() {
        return sameBody();
    }

    /**
     * A UUID in another case: Javalin looks the id up as written and finds no conversation (ids are
     * stored in lower case): 404, never a direct answer.
     */
    private static BiConsumer<Fixture, Reply> caseFolded() {
        return error(404, "NotFound");
    }

    /** HEAD: the plain answer's status and headers (its length included), without the body. */
    private static BiConsumer<Fixture, Reply> head() {
        return (f, r) -> {
            assertThat(r.body()).as("HEAD has no body").isEmpty();
            assertThat(r.status()).as("HEAD: the GET's status").isEqualTo(200);
            assertThat(r.header("Content-Length")).as("HEAD: the GET's length")
                    .isEqualTo(String.valueOf(f.plain().body().length));
            assertThat(r.header("Content-Type")).isEqualTo(f.plain().header("Content-Type"));
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        };
    }

    /** The large conversation, gzipped by Javalin, the same JSON bytes unpacked as its direct answer. */
    private static BiConsumer<Fixture, Reply> gzipped() {
        return (f, r) -> {
            r.assertStatus(200);
            assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(r.unpacked()).isEqualTo(bigDirectBody());
            assertThat(r.unpacked().length).isGreaterThanOrEqualTo(ResponseOutput.COMPRESSED_FROM);
        };
    }

    /** The large conversation, not encoded, the same bytes as its direct answer. */
    private static BiConsumer<Fixture, Reply> plainLarge() {
        return (f, r) -> {
            r.assertStatus(200);
            assertThat(r.header("Content-Encoding")).isNull();
            assertThat(r.body()).isEqualTo(bigDirectBody());
        };
    }

    /** The large conversation's direct answer, read with a token of its own (the case's bucket untouched). */
    private static byte[] bigDirectBody() {
        String path = "/v2/conversations/" + big;
        warm(server, path, reader);
        Sent sent = get(server, path, reader);
        assertThat(sent.direct()).as("the large conversation without Accept-Encoding is answered directly").isTrue();
        return sent.reply().assertStatus(200).body();
    }

    private static String uncachedConversation() {
        return server.client().newConversation(server.user("customer-owner").token(),
                sharedWithCustomer(server, "Not cached", "new"));
    }

    private static String lastDash(String path, String escape) {
        int i = path.lastIndexOf('-');
        return path.substring(0, i) + escape + path.substring(i + 1);
    }

    private static String escapeFirstLetter(String path) {
        int slash = path.lastIndexOf('/');
        String id = path.substring(slash + 1);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c >= 'a' && c <= 'f') {
                return path.substring(0, slash + 1) + id.substring(0, i) + "%" + Integer.toHexString(c) + id.substring(i + 1);
            }
        }
        // no letter at all (possible, unlikely): escape the first digit
        return path.substring(0, slash + 1) + "%" + Integer.toHexString(id.charAt(0)) + id.substring(1);
    }

    private static String mixedCase(String id) {
        StringBuilder out = new StringBuilder(id);
        boolean upper = false;
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c >= 'a' && c <= 'f') {
                if (upper) {
                    out.setCharAt(i, Character.toUpperCase(c));
                }
                upper = !upper;
            }
        }
        if (out.toString().equals(id)) { // fewer than two letters: upper-case them all
            return id.toUpperCase(Locale.ROOT);
        }
        return out.toString();
    }

    /** The large conversation: Javalin's gzip applies from 1,500 bytes, so its direct answer must not ignore Accept-Encoding. */
    @Test
    void aLargeBodyIsLeftToJavalinForAClientThatAcceptsAnEncoding() {
        String member = freshToken(server, "customer-member");
        String path = "/v2/conversations/" + big;
        warm(server, path, member);
        Sent plain = get(server, path, member);
        assertThat(plain.direct()).isTrue();
        assertThat(plain.reply().body().length).isGreaterThanOrEqualTo(ResponseOutput.COMPRESSED_FROM);
        assertThat(plain.reply().header("Content-Encoding")).isNull();
        Sent zipped = get(server, path, member, "Accept-Encoding: gzip");
        assertThat(zipped.direct()).isFalse();
        assertThat(zipped.reply().header("Content-Encoding")).isEqualTo("gzip");
        assertThat(zipped.reply().body().length).isLessThan(plain.reply().body().length);
        assertThat(zipped.reply().unpacked()).isEqualTo(plain.reply().body());
    }

    // ---- the failed-authentication budget, CORS ------------------------------------------------------

    @Test
    void anAddressOutOfFailedAuthenticationsIsRefusedByJavalinEvenWithAValidToken() {
        try (TestServer limited = TestServer.start(b -> b.authFailureLimit(2).trustedProxies(List.of("127.0.0.0/8")))) {
            String member = freshToken(limited, "customer-member");
            String path = "/v2/conversations/" + limited.client().newConversation(freshToken(limited, "customer-owner"),
                    sharedWithCustomer(limited, "Blocked address", "hi"));
            warm(limited, path, member);
            String blocked = "203.0.113." + ADDRESSES.incrementAndGet();
            String other = "203.0.113." + ADDRESSES.incrementAndGet();
            // from the blocked address, before it is blocked: answered directly
            assertThat(get(limited, path, member, "X-Forwarded-For: " + blocked).direct()).isTrue();
            for (int i = 0; i < 2; i++) {
                Sent failed = send(limited, "GET", path, List.of("Authorization: Bearer parley_notAToken",
                        "X-Forwarded-For: " + blocked), null);
                assertThat(failed.direct()).isFalse();
                failed.reply().assertError(401, "Unauthorized");
            }
            for (List<String> credential : List.of(List.of("Authorization: Bearer " + member),
                    List.of("X-Access-Token: " + member), List.of("Authorization: " + member))) {
                Sent refused = send(limited, "GET", path, with(credential, "X-Forwarded-For: " + blocked), null);
                assertThat(refused.direct()).as("%s from a blocked address", credential).isFalse();
                refused.reply().assertError(429, "RateLimitError");
                assertThat(Long.parseLong(refused.reply().header("Retry-After"))).isBetween(1L, 60L);
                assertThat(refused.reply().header("X-Ratelimit-Limit")).isEqualTo("2");
                assertThat(refused.reply().header("X-Ratelimit-Remaining")).isEqualTo("0");
            }
            // another address, the same token: direct again
            Sent fine = get(limited, path, member, "X-Forwarded-For: " + other);
            assertThat(fine.direct()).isTrue();
            fine.reply().assertStatus(200);
            // the address without the proxy's header is the peer's, not blocked
            assertThat(get(limited, path, member).direct()).isTrue();
        }
    }

    @Test
    void withCorsConfiguredAnOriginIsJavalinsAndNoOriginIsAnsweredAsJavalinWould() {
        try (TestServer cors = TestServer.start(b -> b.corsOrigins(List.of("https://app.example.com")))) {
            String member = freshToken(cors, "customer-member");
            String path = "/v2/conversations/" + cors.client().newConversation(freshToken(cors, "customer-owner"),
                    sharedWithCustomer(cors, "Cross origin", "hi"));
            warm(cors, path, member);
            Sent plain = get(cors, path, member);
            assertThat(plain.direct()).isTrue();
            Sent slash = get(cors, path + "/", member);
            assertThat(slash.direct()).isFalse();
            assertSameAnswer(plain.reply(), slash.reply());

            Sent allowed = get(cors, path, member, "Origin: https://app.example.com");
            assertThat(allowed.direct()).isFalse();
            allowed.reply().assertStatus(200);
            assertThat(allowed.reply().body()).isEqualTo(plain.reply().body());
            assertThat(allowed.reply().header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
            assertThat(allowed.reply().header("Access-Control-Expose-Headers")).contains("X-Request-Id", "X-Ratelimit-Remaining");

            Sent foreign = get(cors, path, member, "Origin: https://evil.example.net");
            assertThat(foreign.direct()).isFalse();
            foreign.reply().assertStatus(200);
            assertThat(foreign.reply().header("Access-Control-Allow-Origin")).isNull();
            assertThat(foreign.reply().body()).isEqualTo(plain.reply().body());
        }
    }

    // ---- 3. one rate-limit budget ----------------------------------------------------------------------

    @Test
    void directAnswersSpendTheSameBudgetAndTheNextRequestIsJavalins429() {
        try (TestServer metered = TestServer.start(b -> b.rateLimit(3, Duration.ofSeconds(60)))) {
            String owner = metered.user("customer-owner").token();
            String member = metered.user("customer-member").token();
            // the owner's budget: one for the creation, one for the read that fills the cache
            String path = "/v2/conversations/" + metered.client().newConversation(owner,
                    sharedWithCustomer(metered, "Metered", "hi"));
            Sent warmed = get(metered, path, owner);
            assertThat(warmed.direct()).isFalse();
            assertThat(remaining(warmed.reply())).isEqualTo(1);

            long answeredBefore = metered.parley().directReads().answered();
            for (long left = 2; left >= 0; left--) {
                Sent ok = get(metered, path, member);
                assertThat(ok.direct()).as("request with %d left", left).isTrue();
                ok.reply().assertStatus(200);
                assertThat(ok.reply().header("X-Ratelimit-Limit")).isEqualTo("3");
                assertThat(remaining(ok.reply())).isEqualTo(left);
                long reset = Long.parseLong(ok.reply().header("X-Ratelimit-Reset"));
                assertThat(reset).as("Reset with %d left", left).isGreaterThan((3 - left - 1) * 20L).isLessThanOrEqualTo((3 - left) * 20L);
            }
            for (int i = 0; i < 2; i++) {
                Sent refused = get(metered, path, member);
                assertThat(refused.direct()).as("an empty bucket is Javalin's").isFalse();
                assertRateLimited(refused.reply(), 3);
            }
            // a fall-through variant of the same token meets the same empty bucket
            assertRateLimited(get(metered, path + "/", member).reply(), 3);
            assertThat(metered.parley().directReads().answered() - answeredBefore).as("direct answers").isEqualTo(3);

            // the owner had one left: spent directly, then refused by Javalin
            Sent last = get(metered, path, owner);
            assertThat(last.direct()).isTrue();
            assertThat(remaining(last.reply())).isZero();
            Sent refused = get(metered, path, owner);
            assertThat(refused.direct()).isFalse();
            assertRateLimited(refused.reply(), 3);
            assertThat(metered.parley().directReads().answered() - answeredBefore).isEqualTo(4);
        }
    }

    private static void assertRateLimited(Reply r, long limit) {
        r.assertStatus(429);
        assertThat(r.json().path("type").asText()).isEqualTo("RateLimitError");
        assertThat(Long.parseLong(r.header("Retry-After"))).as("Retry-After").isBetween(1L, 20L);
        assertThat(r.header("X-Ratelimit-Limit")).isEqualTo(String.valueOf(limit));
        assertThat(r.header("X-Ratelimit-Remaining")).isEqualTo("0");
        assertThat(r.header("X-Request-Id")).matches("[0-9a-f]{32}|drt-[0-9]+");
    }

    // ---- 4. access log and request id ----------------------------------------------------------------

    @Test
    void aDirectAnswerWritesOneAccessLineLikeJavalinsAndEchoesAFairRequestId() {
        String member = freshToken(server, "customer-member");
        String path = "/v2/conversations/" + shared;
        warm(server, path, member);

        Sent direct = send(server, "GET", path, List.of("Authorization: Bearer " + member, "X-Request-Id: trace-42.direct"), null);
        assertThat(direct.direct()).isTrue();
        assertThat(direct.reply().header("X-Request-Id")).isEqualTo("trace-42.direct");
        Sent javalin = send(server, "GET", path + "/", List.of("Authorization: Bearer " + member, "X-Request-Id: trace-42.javalin"),
                null);
        assertThat(javalin.direct()).isFalse();
        assertThat(javalin.reply().header("X-Request-Id")).isEqualTo("trace-42.javalin");

        ILoggingEvent directLine = LINES.only("trace-42.direct");
        ILoggingEvent javalinLine = LINES.only("trace-42.javalin");
        for (ILoggingEvent line : List.of(directLine, javalinLine)) {
            assertThat(line.getFormattedMessage()).matches(
                    "GET /v2/conversations/\\{conversationId} 200 [0-9]+\\.[0-9] ms op=conversation-get-conversation id=trace-42\\.(direct|javalin)")
                    .doesNotContain(shared);
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
        }
        Map<String, Object> directValues = keyValues(directLine);
        Map<String, Object> javalinValues = keyValues(javalinLine);
        assertThat(directValues.keySet()).isEqualTo(javalinValues.keySet());
        assertThat(directValues).containsEntry("route", "/v2/conversations/{conversationId}").containsEntry("status", 200)
                .containsEntry("operation", OP).containsEntry("method", "GET").containsEntry("requestId", "trace-42.direct");
        directValues.remove("requestId");
        directValues.remove("durationMs");
        javalinValues.remove("requestId");
        javalinValues.remove("durationMs");
        assertThat(directValues).isEqualTo(javalinValues);
        assertThat(directLine.getLoggerName()).isEqualTo(javalinLine.getLoggerName());
    }

    @Test
    void aDirectAnswerReplacesAnUnacceptableRequestId() {
        String member = freshToken(server, "customer-member");
        String path = "/v2/conversations/" + shared;
        warm(server, path, member);
        List<String> given = new ArrayList<>();
        for (String hostile : List.of("two words", "tab\there", "quote\"d", "back\\slash", "a".repeat(200), "b".repeat(129))) {
            Sent sent = send(server, "GET", path, List.of("Authorization: Bearer " + member, "X-Request-Id: " + hostile), null);
            assertThat(sent.direct()).as(hostile).isTrue();
            String id = sent.reply().header("X-Request-Id");
            assertThat(id).as(hostile).matches("[0-9a-f]{32}");
            assertThat(LINES.only(id).getFormattedMessage()).endsWith(" op=" + OP + " id=" + id).doesNotContain("two words")
                    .doesNotContain("aaaa");
            given.add(id);
        }
        // none sent: one is made too; 128 characters are still fair
        Sent none = send(server, "GET", path, List.of("Authorization: Bearer " + member), null, false);
        assertThat(none.direct()).isTrue();
        assertThat(none.reply().header("X-Request-Id")).matches("[0-9a-f]{32}");
        given.add(none.reply().header("X-Request-Id"));
        assertThat(given).doesNotHaveDuplicates();
        String longest = "c".repeat(128);
        Sent fair = send(server, "GET", path, List.of("Authorization: Bearer " + member, "X-Request-Id: " + longest), null);
        assertThat(fair.direct()).isTrue();
        assertThat(fair.reply().header("X-Request-Id")).isEqualTo(longest);
    }

    // ---- 5. changes of who may see it ---------------------------------------------------------------

    @Test
    void aCallerWhoLosesOrGainsAccessIsNotAnsweredFromTheStaleEntry() {
        try (TestServer changing = TestServer.start(b -> b)) {
            String owner = changing.user("customer-owner").token();
            String memberId = changing.user("customer-member").userId();
            String member = freshToken(changing, "customer-member");
            String outsiderId = changing.user("outsider").userId();
            String outsider = freshToken(changing, "outsider");
            String path = "/v2/conversations/" + changing.client().newConversation(owner,
                    sharedWithCustomer(changing, "Audience", "hi"));
            warm(changing, path, member);
            byte[] body = get(changing, path, owner).reply().assertStatus(200).body();

            // the member leaves the customer the conversation is shared with
            changing.admin("customer", "remove-member", "--customer", changing.demoCustomerId(), "--user", memberId);
            Sent gone = get(changing, path, member);
            assertThat(gone.direct()).as("a member who left").isFalse();
            gone.reply().assertError(404, "NotFound");
            assertThat(get(changing, path, member).direct()).as("still not hers").isFalse();
            // the entry reloaded for those who still see it is served directly to them
            Sent creator = get(changing, path, owner);
            assertThat(creator.reply().assertStatus(200).body()).isEqualTo(body);
            Sent creatorAgain = get(changing, path, owner);
            assertThat(creatorAgain.direct()).isTrue();
            assertThat(get(changing, path, member).direct()).as("the cached entry is not hers").isFalse();

            // an outsider joins the customer: 404 before, the conversation after (loaded, then direct)
            Sent before = get(changing, path, outsider);
            assertThat(before.direct()).isFalse();
            before.reply().assertError(404, "NotFound");
            changing.admin("customer", "add-member", "--customer", changing.demoCustomerId(), "--user", outsiderId,
                    "--role", "member");
            Sent joined = get(changing, path, outsider);
            assertThat(joined.direct()).as("the first read after the change loads again").isFalse();
            assertThat(joined.reply().assertStatus(200).body()).isEqualTo(body);
            assertThat(get(changing, path, outsider).direct()).isTrue();

            // the outsider's token is revoked: Javalin's 401
            changing.admin("token", "revoke", outsider);
            Sent revoked = get(changing, path, outsider);
            assertThat(revoked.direct()).as("a revoked token").isFalse();
            revoked.reply().assertError(401, "Unauthorized");

            // a deactivated user's tokens stop working at once too
            String staffId = changing.user("employee").userId();
            String staff = freshToken(changing, "employee");
            warm(changing, path, staff);
            changing.admin("user", "deactivate", staffId);
            Sent deactivated = get(changing, path, staff);
            assertThat(deactivated.direct()).as("a deactivated user").isFalse();
            deactivated.reply().assertError(401, "Unauthorized");

            // the conversation changes: the next read is Javalin's, with the new body, then direct again
            warm(changing, path, owner);
            changing.client().updateConversation(owner, path.substring(path.lastIndexOf('/') + 1),
                    Map.of("title", "Renamed")).assertStatus(200);
            Sent renamed = get(changing, path, owner);
            assertThat(renamed.direct()).as("the first read after a change").isFalse();
            assertThat(renamed.reply().json().path("title").asText()).isEqualTo("Renamed");
            Sent renamedAgain = get(changing, path, owner);
            assertThat(renamedAgain.direct()).isTrue();
            assertSameAnswer(renamedAgain.reply(), renamed.reply());
        }
    }

    @Test
    void aTokenThatExpiresWhileCachedIsNotAnsweredDirectly() throws Exception {
        String path = "/v2/conversations/" + shared;
        String userId = server.user("customer-member").userId();
        long expiresAt = System.currentTimeMillis() + 2_000;
        String expiring = server.parley().database().write(h ->
                IdentityRepository.createToken(h, userId, "expires soon", expiresAt));
        warm(server, path, expiring);
        assertThat(get(server, path, expiring).direct()).isTrue();
        Thread.sleep(Math.max(0, expiresAt - System.currentTimeMillis()) + 100);
        Sent expired = get(server, path, expiring);
        assertThat(expired.direct()).as("an expired token").isFalse();
        expired.reply().assertError(401, "Unauthorized");
    }

    // ---- the helpers ---------------------------------------------------------------------------------

    /** A new API token of the demo user {@code role}: a rate-limit bucket of its own. */
    static String freshToken(TestServer s, String role) {
        String userId = s.user(role).userId();
        return s.parley().database().write(h -> IdentityRepository.createToken(h, userId, "direct reads test", null));
    }

    static Map<String, Object> sharedWithCustomer(TestServer s, String title, String message) {
        return Map.of("title", title, "messageContent", message,
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", s.demoCustomerId()));
    }

    /** Reads until the conversation is answered directly for {@code token} (the first read may load it). */
    static void warm(TestServer s, String path, String token) {
        for (int i = 0; i < 3; i++) {
            Sent sent = get(s, path, token);
            sent.reply().assertStatus(200);
            if (sent.direct()) {
                return;
            }
        }
        throw new AssertionError(path + " is not answered directly after three reads");
    }

    static Sent get(TestServer s, String path, String token, String... headers) {
        List<String> all = new ArrayList<>();
        all.add("Authorization: Bearer " + token);
        all.addAll(List.of(headers));
        return send(s, "GET", path, all, null);
    }

    /** What a request got and whether {@link DirectReads} answered it. */
    record Sent(Reply reply, boolean direct) {
    }

    /**
     * Sends the request (with a request id of its own unless one is among {@code headers}), waits for
     * its one access line (both paths write it after the answer, the direct one after counting it),
     * and checks the answer against the contract.
     */
    static Sent send(TestServer s, String method, String target, List<String> headers, byte[] body) {
        return send(s, method, target, headers, body, true);
    }

    /** As {@link #send(TestServer, String, String, List, byte[])}; {@code withRequestId} false sends none unless given. */
    static Sent send(TestServer s, String method, String target, List<String> headers, byte[] body, boolean withRequestId) {
        List<String> all = new ArrayList<>(headers);
        if (withRequestId && all.stream().noneMatch(h -> h.regionMatches(true, 0, "X-Request-Id:", 0, 13))) {
            all.add("X-Request-Id: drt-" + REQUESTS.incrementAndGet());
        }
        long before = s.parley().directReads().answered();
        Reply reply = raw(s.baseUrl(), method, target, all, body);
        String id = reply.header("X-Request-Id");
        if (id != null) {
            LINES.only(id);
        }
        long answered = s.parley().directReads().answered() - before;
        assertThat(answered).as("answers counted for one request").isBetween(0L, 1L);
        if (!"HEAD".equals(method)) {
            ContractAssertions.assertMatchesContract(OP, reply.unpackedResponse());
        } else {
            assertThat(reply.status()).as("HEAD: no server error").isLessThan(500);
        }
        return new Sent(reply, answered == 1);
    }

    /** The token's Remaining as the answer says. */
    static long remaining(Reply r) {
        String value = r.header("X-Ratelimit-Remaining");
        assertThat(value).as("X-Ratelimit-Remaining of " + r.request()).isNotNull();
        return Long.parseLong(value);
    }

    /**
     * The same answer: status, body bytes, header names (as a set, in any case) and values, but for
     * the headers that differ between any two answers.
     */
    static void assertSameAnswer(Reply expected, Reply actual) {
        assertThat(actual.status()).as(actual.request() + " status").isEqualTo(expected.status());
        assertThat(actual.body()).as(actual.request() + " body vs " + expected.request()).isEqualTo(expected.body());
        assertThat(actual.names()).as(actual.request() + " header names vs " + expected.request()).isEqualTo(expected.names());
        for (String name : expected.names()) {
            if (!VARYING.contains(name)) {
                assertThat(actual.values(name)).as(actual.request() + " header " + name + " vs " + expected.request())
                        .isEqualTo(expected.values(name));
            }
        }
    }

    private static Map<String, Object> keyValues(ILoggingEvent event) {
        Map<String, Object> map = new HashMap<>();
        event.getKeyValuePairs().forEach(kv -> map.put(kv.key, kv.value));
        return map;
    }

    /** An answer as received over the socket, its headers in order as sent. */
    record Reply(String request, int status, List<Map.Entry<String, String>> headers, byte[] body) {
        String header(String name) {
            return headers.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        List<String> values(String name) {
            return headers.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }

        /** The header names, lower case. */
        Set<String> names() {
            return headers.stream().map(e -> e.getKey().toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
        }

        JsonNode json() {
            return unpackedResponse().json();
        }

        Reply assertStatus(int expected) {
            if (status != expected) {
                throw new AssertionError(request + ": expected status " + expected + " but got " + status + ": "
                        + new String(unpacked(), StandardCharsets.UTF_8) + "\nheaders: " + headers);
            }
            return this;
        }

        Reply assertError(int expected, String type) {
            assertStatus(expected);
            assertThat(json().path("type").asText()).as(request).isEqualTo(type);
            return this;
        }

        /** The body, gunzipped when it came gzipped. */
        byte[] unpacked() {
            if (!"gzip".equalsIgnoreCase(header("Content-Encoding"))) {
                return body;
            }
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        ApiResponse unpackedResponse() {
            return new RawHttp.Answer(request, status, headers, unpacked()).response();
        }
    }

    /** One request over a plain socket with exactly these header lines (see {@link RawHttp#send}). */
    static Reply raw(String baseUrl, String method, String target, List<String> headers, byte[] body) {
        RawHttp.Answer answer = RawHttp.send(baseUrl, method, target, headers, body);
        return new Reply(answer.request(), answer.status(), answer.headers(), answer.body());
    }
}
