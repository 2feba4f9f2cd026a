package dev.parley;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Api;
import dev.parley.api.Authentication;
import dev.parley.api.Consistency;
import dev.parley.api.ContractDocument;
import dev.parley.api.HttpServer;
import dev.parley.api.Json;
import dev.parley.api.MemoryRateLimiter;
import dev.parley.api.PostgresRateLimiter;
import dev.parley.api.RateLimiter;
import dev.parley.conversation.CategoryHandlers;
import dev.parley.conversation.CategoryRepository;
import dev.parley.conversation.ConversationHandlers;
import dev.parley.conversation.ConversationService;
import dev.parley.events.EventListener;
import dev.parley.events.EventLog;
import dev.parley.file.AccessTokens;
import dev.parley.file.BlobStore;
import dev.parley.file.DatabaseBlobStore;
import dev.parley.file.FileHandlers;
import dev.parley.file.FileService;
import dev.parley.file.FileSettings;
import dev.parley.file.FileSystemBlobStore;
import dev.parley.file.UploadReceiver;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.parley.identity.DemoDirectory;
import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Database;
import dev.parley.storage.DurabilityCheck;
import dev.parley.storage.PrivateFiles;
import dev.parley.storage.StoreLock;
import dev.parley.storage.TransactionLocks;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A running Parley: the store, the services and the HTTP server, wired together. */
public final class Parley implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Parley.class);
    public static final String DEMO_CREDENTIALS = "demo-credentials.json";

    private final Database database;
    private final Javalin http;
    private final JsonNode demoCredentials;

    private final ScheduledExecutorService sweeper;
    private final FileService files;

    private final EventListener listener;
    private final StoreLock storeLock;

    private Parley(Database database, Javalin http, JsonNode demoCredentials, ScheduledExecutorService sweeper,
                   FileService files, EventListener listener, StoreLock storeLock) {
        this.listener = listener;
        this.storeLock = storeLock;
        this.database = database;
        this.http = http;
        this.demoCredentials = demoCredentials;
        this.sweeper = sweeper;
        this.files = files;
    }

    private static FileService fileService(ParleyConfig config, Database database, EventLog events) {
        try {
            FileSettings settings = config.files();
            BlobStore blobs = "database".equals(settings.blobStore())
                    ? new DatabaseBlobStore(database)
                    : new FileSystemBlobStore(config.dataDir().resolve("blobs"));
            PrivateFiles.createDirectories(config.dataDir().resolve("tmp"));
            UploadReceiver receiver = new UploadReceiver(config.dataDir().resolve("tmp"), settings.maxUploadBytes());
            AccessTokens tokens = new AccessTokens(AccessTokens.secret(settings.accessTokenSecret(), config.dataDir()),
                    settings.accessTokenTtl());
            return new FileService(database, events, blobs, receiver, tokens, settings);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare attachment storage in " + config.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private static void sweep(FileService files) {
        try {
            int removed = files.sweepOrphans();
            if (removed > 0) {
                LOG.info("Removed {} uploads never attached to a message", removed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Orphan sweep failed: {}", e.getMessage());
        }
    }

    /** The attachment service (tests reach its package-private seams through it). */
    public FileService fileService() {
        return files;
    }

    /** Runs the orphan sweep now (the scheduler runs it periodically); returns how many were removed. */
    public int sweepOrphansNow() {
        return files.sweepOrphans();
    }

    /**
     * Rate limits: one process on SQLite keeps its buckets in memory; nodes sharing a PostgreSQL
     * share the buckets in it, so that the budget is the same whichever node answers.
     */
    private static RateLimiter rateLimiter(ParleyConfig config, Database database, long capacity) {
        return switch (database.engine()) {
            case SQLITE -> new MemoryRateLimiter(capacity, config.rateLimitWindow());
            case POSTGRESQL -> new PostgresRateLimiter(database.writeDataSource(), capacity, config.rateLimitWindow());
        };
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
        try {
            DurabilityCheck.warnAtStart(database);
            database.write(h -> {
                TransactionLocks.exclusive(h, "default-categories");
                CategoryRepository.seedDefaults(h);
                return null;
            });
            JsonNode demo = config.demo() ? demoDirectory(database, config.dataDir()) : null;
            EventLog events = new EventLog(database);
            EventListener listener = database.engine() == dev.parley.storage.Engine.POSTGRESQL
                    ? new EventListener(config.effectiveDatabaseUrl(), events) : null;
            ContractDocument document = ContractDocument.parley();
            dev.parley.identity.IdentityVersion identityVersion = new dev.parley.identity.IdentityVersion();
            Authentication authentication = new Authentication(database, identityVersion);
            // relies on authentication reporting identity_version on every request (see ConversationCache)
            dev.parley.conversation.ConversationCache conversationCache = new dev.parley.conversation.ConversationCache(
                    identityVersion, dev.parley.conversation.ConversationCache.DEFAULT_MAX_BYTES);
            events.onConversationChanges(conversationCache);
            RateLimiter rateLimiter = rateLimiter(config, database, config.rateLimitRequests());
            // the same window as the request budget: the PostgreSQL buckets share one table and its purge
            dev.parley.api.AuthFailureLimit authFailures = new dev.parley.api.AuthFailureLimit(
                    rateLimiter(config, database, config.authFailureLimit()));
            Consistency consistency = new Consistency(events);
            ConversationService conversations = new ConversationService(database, events, conversationCache);
            byte[] openApi = Json.bytes(document.document());
            FileService files = fileService(config, database, events);
            ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "parley-orphan-sweeper");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1, Math.min(config.files().orphanTtl().toSeconds() / 4, 600));
            sweeper.scheduleWithFixedDelay(() -> sweep(files), 0, every, TimeUnit.SECONDS);

            dev.parley.api.ClientAddress clientAddress = new dev.parley.api.ClientAddress(config.trustedProxies());
            dev.parley.api.DeclaredBodyLimit bodyLimit = new dev.parley.api.DeclaredBodyLimit(config.maxRequestBytes(), config.corsOrigins())
                    .allow("POST", "/v2/files", config.files().maxUploadBytes() + UploadReceiver.MULTIPART_ENVELOPE_BYTES);
            Javalin http = HttpServer.create(bodyLimit, config.corsOrigins(), javalin -> {
                Api api = new Api(document, authentication, rateLimiter, authFailures, consistency, database,
                        clientAddress, javalin.routes);
                new CategoryHandlers(database).register(api);
                new ConversationHandlers(conversations).register(api);
                FileHandlers fileHandlers = new FileHandlers(files);
                fileHandlers.register(api);
                fileHandlers.registerExtensions(api);
                javalin.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            });
            http.start(config.host(), config.port());
            return new Parley(database, http, demo, sweeper, files, listener, storeLock);
        } catch (RuntimeException e) {
            database.close();
            storeLock.close();
            throw e;
        }
    }

    /** Creates the demo directory in an empty store, or reads the credentials of an earlier one. */
    private static JsonNode demoDirectory(Database database, Path dataDir) {
        Path file = dataDir.resolve(DEMO_CREDENTIALS);
        // nodes started together with --demo on an empty database: only the first creates it
        Optional<ObjectNode> created = database.write(h -> {
            TransactionLocks.exclusive(h, "demo-directory");
            return IdentityRepository.isEmpty(h) ? Optional.of(DemoDirectory.create(h)) : Optional.<ObjectNode>empty();
        });
        try {
            if (created.isPresent()) {
                PrivateFiles.createDirectories(dataDir);
                PrivateFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(created.get()));
                return created.get();
            }
            if (Files.exists(file)) {
                return Json.MAPPER.readTree(file.toFile());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        LOG.warn("--demo: the store already holds users but {} is missing; no demo tokens to show", file);
        return null;
    }

    /** Where reads went, when a read replica is configured (for operators and tests). */
    public Optional<dev.parley.storage.ReadReplica.Counts> replicaCounts() {
        return database.replicaCounts();
    }

    /** The store this node serves (tests observe its statements). */
    public Database database() {
        return database;
    }

    public int port() {
        return http.port();
    }

    public Optional<JsonNode> demoCredentials() {
        return Optional.ofNullable(demoCredentials);
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        // the HTTP server first: its graceful stop lets requests in flight finish, and they still
        // need the listener and the database
        http.stop();
        if (listener != null) {
            listener.close();
        }
        database.close();
        storeLock.close();
    }
}
