package dev.parley;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.Accounts;
import dev.parley.account.DeskSessions;
import dev.parley.account.SessionStreamCredentials;
import dev.parley.api.OpenApiDocument;
import dev.parley.conversation.CategoryRepository;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.Conversations;
import dev.parley.desk.Desk;
import dev.parley.desk.conversation.ConversationPages;
import dev.parley.desk.lists.ListPages;
import dev.parley.desk.signin.SignInPages;
import dev.parley.events.stream.EventStream;
import dev.parley.events.stream.StreamCredentials;
import dev.parley.file.Attachments;
import dev.parley.file.FileService;
import dev.parley.identity.DemoCredentials;
import dev.parley.notify.mail.MailOut;
import dev.parley.notify.inbound.InboundMail;
import dev.parley.ops.Operations;
import dev.parley.queue.DeskApi;
import dev.parley.queue.DeskServices;
import dev.parley.search.Search;
import dev.parley.storage.Database;
import dev.parley.storage.DurabilityCheck;
import dev.parley.storage.ReadReplica;
import dev.parley.storage.StoreLock;
import dev.parley.storage.TransactionLocks;
import dev.parley.webhook.Webhooks;
import io.javalin.Javalin;

import java.util.Optional;

/**
 * A running Parley: the store, then each feature installed on the {@link Platform} through its
 * one entry point (routes, listeners and background work), then the HTTP server.
 */
public final class Parley implements AutoCloseable {
    public static final String DEMO_CREDENTIALS = DemoCredentials.FILE;

    private final Database database;
    private final StoreLock storeLock;
    private final Platform platform;
    private final Javalin http;
    private final JsonNode demoCredentials;
    private final FileService files;
    private final DeskSessions sessions;
    private final Operations operations;

    private Parley(Database database, StoreLock storeLock, Platform platform, Javalin http, JsonNode demoCredentials,
                   FileService files, DeskSessions sessions, Operations operations) {
        this.operations = operations;
        this.database = database;
        this.storeLock = storeLock;
        this.platform = platform;
        this.http = http;
        this.demoCredentials = demoCredentials;
        this.files = files;
        this.sessions = sessions;
    }

    /**
     * Opens the store, seeds it, and starts serving. A SQLite store is locked for as long as this
     * Parley runs: a second one on it is refused ({@link StoreLock.StoreInUseException}).
     */
    public static Parley start(ParleyConfig config) {
        String url = config.effectiveDatabaseUrl();
        DataDirectory.secure(config.dataDir(), StoreLock.sqliteFile(url).orElse(null));
        StoreLock storeLock = StoreLock.acquire(url, "parley serve");
        Database database;
        try {
            database = Database.open(url, config.migrate(), config.readDatabaseUrl(), config.databaseTimeouts());
        } catch (RuntimeException e) {
            storeLock.close();
            throw e;
        }
        Platform platform = null;
        try {
            DurabilityCheck.warnAtStart(database);
            seedCategories(database);
            platform = new Platform(config, database);
            // before any feature: every write from now on tells the node the identity version
            dev.parley.identity.IdentityChanges.install(platform);
            Operations operations = Operations.install(platform); // first: it observes every request

            ConversationService conversations = Conversations.install(platform, Search.install(platform));
            FileService files = Attachments.install(platform);
            DeskServices staffDesk = DeskApi.install(platform, conversations);
            InboundMail.install(platform, conversations, files);
            DeskSessions sessions = Accounts.install(platform);
            EventStream.install(platform, StreamCredentials.apiToken(platform.authentication())
                    .or(SessionStreamCredentials.of(sessions)));
            Webhooks.install(platform);
            OpenApiDocument.install(platform);
            Desk desk = Desk.install(platform);
            MailOut.install(platform, files, desk.pages(), sessions);
            ConversationPages.install(platform, desk, sessions, conversations, files, staffDesk);
            SignInPages.install(platform, desk.pages(), sessions);
            ListPages.install(platform, desk.pages(), sessions, conversations, staffDesk.queue());

            Javalin http = platform.serve();
            // after the server listens: nobody can use a demo credential before it is printed, and the
            // directory's five Argon2 password hashes (about 1 s of CPU while the JIT is cold) are work
            // a first request does not need
            JsonNode demo = config.demo() ? DemoCredentials.prepare(database, config.dataDir()) : null;
            return new Parley(database, storeLock, platform, http, demo, files, sessions, operations);
        } catch (RuntimeException e) {
            if (platform != null) {
                platform.close();
            }
            database.close();
            storeLock.close();
            throw e;
        }
    }

    private static void seedCategories(Database database) {
        database.write(h -> {
            TransactionLocks.exclusive(h, "default-categories");
            CategoryRepository.seedDefaults(h);
            return null;
        });
    }

    /** The attachment service (tests reach its package-private seams through it). */
    public FileService fileService() {
        return files;
    }

    /** The web desk's sessions (the pages and tests find a request's session through it). */
    public DeskSessions deskSessions() {
        return sessions;
    }

    /** Runs the orphan sweep now (the scheduler runs it periodically); returns how many were removed. */
    public int sweepOrphansNow() {
        return files.sweepOrphans();
    }

    /** Where reads went, when a read replica is configured (for operators and tests). */
    public Optional<ReadReplica.Counts> replicaCounts() {
        return database.replicaCounts();
    }

    /** The reads answered in front of Javalin (tests check which requests they answered). */
    public dev.parley.api.DirectReads directReads() {
        return platform.directReads();
    }

    /** The store this node serves (tests observe its statements). */
    public Database database() {
        return database;
    }

    /** The newest identity_version this node knows (tests wait for a change made elsewhere to reach it). */
    public dev.parley.identity.IdentityVersion identityVersion() {
        return platform.identityVersion();
    }

    /** Health, metrics and the access log (the metrics port, the registry). */
    public Operations operations() {
        return operations;
    }

    public int port() {
        return http.port();
    }

    public Optional<JsonNode> demoCredentials() {
        return Optional.ofNullable(demoCredentials);
    }

    @Override
    public void close() {
        platform.close();
        database.close();
        storeLock.close();
    }
}
