package dev.parley.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationRow;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.ConversationView;
import dev.parley.conversation.SearchIndex;
import dev.parley.events.EventLog;
import dev.parley.identity.AccessPolicy;
import dev.parley.identity.Caller;
import dev.parley.identity.DemoDirectory;
import dev.parley.identity.IdentityRepository;
import dev.parley.identity.Tokens;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The hot code paths of a request, each alone: resolving an API token to its caller, the access
 * check, building a full-text query, rendering a conversation (read, access check, JSON tree),
 * answering it from the cache and serialising it, and writing a message. Runs on a small SQLite store made in {@link #open}; the database reads are
 * part of what is measured where the request makes them too.
 *
 * <p>{@code ./parley bench jmh} (all), or {@code ./parley bench jmh HotPath.*token} for one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmarks {
    private Path dir;
    private Database database;
    private ConversationService conversations;
    private String customerToken;
    private Caller customer;
    private Caller outsider;
    private ConversationRow row;
    private String conversationId;
    private ObjectNode rendered;
    private ObjectNode reply;
    private final dev.parley.identity.CallerCache callers = new dev.parley.identity.CallerCache();

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("parley-jmh");
        database = Database.open("jdbc:sqlite:" + dir.resolve("parley.db"));
        JsonNode demo = database.write(DemoDirectory::create);
        customerToken = token(demo, "customer-owner");
        customer = caller(customerToken);
        outsider = caller(token(demo, "outsider"));
        // wired as the server wires it: the cache learns of every event
        EventLog events = new EventLog(database);
        dev.parley.conversation.ConversationCache cache = new dev.parley.conversation.ConversationCache(
                new dev.parley.identity.IdentityVersion(), dev.parley.conversation.ConversationCache.DEFAULT_MAX_BYTES);
        events.onConversationChanges(cache);
        conversations = new ConversationService(database, events, cache);
        String customerId = demo.path("customers").get(0).path("customerId").asText();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("title", "The checkout page answers 502 since the update");
        body.put("messageContent", "Since this morning every order ends in a bad gateway.");
        body.putObject("sharedWith").put("aggregate", "customer").put("domain", "customer").put("id", customerId);
        conversationId = conversations.create(customer, body).value();
        for (int i = 0; i < 20; i++) {
            ObjectNode message = Json.MAPPER.createObjectNode();
            message.put("messageContent", "Message " + i + ": we restarted PHP-FPM, please check again.");
            conversations.createMessage(customer, conversationId, message);
        }
        reply = Json.MAPPER.createObjectNode().put("messageContent", "Still failing after the restart, see the log.");
        row = database.read(h -> ConversationRepository.find(h, conversationId)).orElseThrow();
        rendered = (ObjectNode) Json.MAPPER.readTree(conversations.get(customer, conversationId));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        database.close();
        dev.parley.bench.TempDirs.delete(dir);
    }

    private static String token(JsonNode demo, String role) {
        for (JsonNode user : demo.path("users")) {
            if (role.equals(user.path("role").asText())) {
                return user.path("token").asText();
            }
        }
        throw new IllegalStateException("no demo user " + role);
    }

    private Caller caller(String token) {
        String hash = Tokens.hash(token);
        return database.read(h -> IdentityRepository.findCallerByTokenHash(h, hash, Clock.nowMillis())).orElseThrow();
    }

    /** Authentication without the cache: hash the presented token, load its user with memberships (five queries). */
    @Benchmark
    public Caller resolveToken() {
        return caller(customerToken);
    }

    /** Authentication as the server does it: the caller cache, a hit served from memory (no query). */
    @Benchmark
    public Caller resolveTokenCached() {
        String hash = Tokens.hash(customerToken);
        return callers.find(database, hash, Clock.nowMillis()).orElseThrow();
    }

    /** The access rule on a loaded conversation, for a caller who may see it and one who may not. */
    @Benchmark
    public boolean accessCheck() {
        return AccessPolicy.canSee(customer, row) & !AccessPolicy.canSee(outsider, row);
    }

    /** Parsing a search (phrase, prefix words, or, exclusion) into the engine's query expression. */
    @Benchmark
    public String buildSearchQuery() {
        return SearchIndex.expression("\"bad gateway\" checkout or payment -paypal");
    }

    /** GET /v2/conversations/{id} without HTTP and without the cache: read, access check, JSON bytes. */
    @Benchmark
    public byte[] renderConversation() {
        return database.read(h -> {
            ConversationRow found = ConversationRepository.find(h, conversationId).orElseThrow();
            if (!AccessPolicy.canSee(customer, found)) {
                throw new IllegalStateException("the owner must see the conversation");
            }
            return Json.bytes(ConversationView.conversations(h, List.of(found)).get(0));
        });
    }

    /**
     * GET /v2/conversations/{id} as answered in front of Javalin (api/DirectReads): the cached body
     * and the access check on it, nothing read from the database.
     */
    @Benchmark
    public byte[] cachedConversation() {
        byte[] body = conversations.cachedBody(customer, conversationId);
        if (body == null) {
            throw new IllegalStateException("the conversation must be cached and visible to its owner");
        }
        return body;
    }

    /**
     * POST /v2/conversations/{id}/messages as the service runs it (access check, timeline, the
     * conversation's last activity and its viewers' rows, event, outbox), by sixteen callers at
     * once, so that the SQLite writer commits them in batches, each on disk before it returns.
     * The search index is not running here.
     */
    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public String[] createMessage() {
        return conversations.createMessage(customer, conversationId, reply).value();
    }

    /** Serialising a rendered conversation to the response bytes. */
    @Benchmark
    public byte[] serializeConversation() {
        return Json.bytes(rendered);
    }
}
