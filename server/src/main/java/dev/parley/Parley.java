package dev.parley;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Api;
import dev.parley.api.Authentication;
import dev.parley.api.Consistency;
import dev.parley.api.ContractDocument;
import dev.parley.api.HttpServer;
import dev.parley.api.Json;
import dev.parley.api.RateLimiter;
import dev.parley.conversation.CategoryHandlers;
import dev.parley.conversation.CategoryRepository;
import dev.parley.conversation.ConversationHandlers;
import dev.parley.conversation.ConversationService;
import dev.parley.events.EventLog;
import dev.parley.file.FileHandlers;
import dev.parley.identity.DemoDirectory;
import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Database;
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

    private Parley(Database database, Javalin http, JsonNode demoCredentials) {
        this.database = database;
        this.http = http;
        this.demoCredentials = demoCredentials;
    }

    /** Opens the store, seeds it, and starts serving. */
    public static Parley start(ParleyConfig config) {
        Database database = Database.open(config.effectiveDatabaseUrl());
        try {
            database.write(h -> {
                CategoryRepository.seedDefaults(h);
                return null;
            });
            JsonNode demo = config.demo() ? demoDirectory(database, config.dataDir()) : null;
            EventLog events = new EventLog(database);
            ContractDocument document = ContractDocument.parley();
            Authentication authentication = new Authentication(database);
            RateLimiter rateLimiter = new RateLimiter(config.rateLimitRequests(), config.rateLimitWindow());
            Consistency consistency = new Consistency(events, config.eventWaitMillis());
            ConversationService conversations = new ConversationService(database, events);
            byte[] openApi = Json.bytes(document.document());

            Javalin http = HttpServer.create(config.maxRequestBytes(), javalin -> {
                Api api = new Api(document, authentication, rateLimiter, consistency, javalin.routes);
                new CategoryHandlers(database).register(api);
                new ConversationHandlers(conversations).register(api);
                new FileHandlers(conversations).register(api);
                javalin.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            });
            http.start(config.host(), config.port());
            return new Parley(database, http, demo);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Creates the demo directory in an empty store, or reads the credentials of an earlier one. */
    private static JsonNode demoDirectory(Database database, Path dataDir) {
        Path file = dataDir.resolve(DEMO_CREDENTIALS);
        Optional<ObjectNode> created = database.write(h -> IdentityRepository.isEmpty(h)
                ? Optional.of(DemoDirectory.create(h)) : Optional.<ObjectNode>empty());
        try {
            if (created.isPresent()) {
                Files.createDirectories(dataDir);
                Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(created.get()));
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

    public int port() {
        return http.port();
    }

    public Optional<JsonNode> demoCredentials() {
        return Optional.ofNullable(demoCredentials);
    }

    @Override
    public void close() {
        http.stop();
        database.close();
    }
}
