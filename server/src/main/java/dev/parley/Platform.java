package dev.parley;

import dev.parley.api.Api;
import dev.parley.api.AuthFailureLimit;
import dev.parley.api.Authentication;
import dev.parley.api.ClientAddress;
import dev.parley.api.Consistency;
import dev.parley.api.ContractDocument;
import dev.parley.api.DeclaredBodyLimit;
import dev.parley.api.HtmlErrors;
import dev.parley.api.HttpServer;
import dev.parley.api.MemoryRateLimiter;
import dev.parley.api.PostgresRateLimiter;
import dev.parley.api.RateLimiter;
import dev.parley.events.EventListener;
import dev.parley.events.EventLog;
import dev.parley.events.Signals;
import dev.parley.identity.IdentityVersion;
import dev.parley.storage.Database;
import dev.parley.storage.Engine;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What every feature is installed on: the store, the event log, the request pipeline's parts,
 * and three ways to take part in the running server: {@link #routes} (registered when the HTTP
 * server is built), {@link #every} (background work on one shared scheduler) and
 * {@link #onClose} (released after the HTTP server has stopped, newest first).
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    /**
     * Where a feature registers its routes: contract operations on {@code api}, anything else on
     * {@code http}; {@code server} is the whole server configuration (request logging).
     */
    public record Routes(Api api, RoutesConfig http, io.javalin.config.JavalinConfig server) {
    }

    private final ParleyConfig config;
    private final Database database;
    private final EventLog events;
    private final ContractDocument document;
    private final IdentityVersion identityVersion = new IdentityVersion();
    private final Signals signals = new Signals();
    private final Authentication authentication;
    private final RateLimiter rateLimiter;
    private final AuthFailureLimit authFailures;
    private final Consistency consistency;
    private final ClientAddress clientAddress;
    private final DeclaredBodyLimit bodyLimit;
    private final dev.parley.api.DirectReads directReads;
    private final EventListener listener; // PostgreSQL only
    /** What features record metrics into; the ops feature adds the registry that is scraped. */
    private final io.micrometer.core.instrument.composite.CompositeMeterRegistry metrics =
            new io.micrometer.core.instrument.composite.CompositeMeterRegistry();
    private final List<Consumer<Routes>> routes = new ArrayList<>();
    private final Deque<AutoCloseable> closers = new ArrayDeque<>();
    private final List<Runnable> beforeStop = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-background");
        t.setDaemon(true);
        return t;
    });
    private Javalin http;
    private HtmlErrors htmlErrors;

    Platform(ParleyConfig config, Database database) {
        this.config = config;
        this.database = database;
        this.events = new EventLog(database);
        this.document = ContractDocument.parley();
        this.authentication = new Authentication(database, identityVersion);
        onClose(authentication); // the tokens' last uses, written before the database closes
        this.rateLimiter = rateLimiter(config.rateLimitRequests());
        // the same window as the request budget: the PostgreSQL buckets share one table and its purge
        this.authFailures = new AuthFailureLimit(rateLimiter(config.authFailureLimit()));
        this.consistency = new Consistency(events);
        this.clientAddress = new ClientAddress(config.trustedProxies());
        this.bodyLimit = new DeclaredBodyLimit(config.maxRequestBytes(), config.corsOrigins());
        this.directReads = dev.parley.api.DirectReads.of(document, authentication, rateLimiter, authFailures, clientAddress);
        if (database.engine() == Engine.POSTGRESQL) {
            // other nodes' writes reach this node's event log through LISTEN/NOTIFY
            listener = new EventListener(config.effectiveDatabaseUrl(), events, signals);
            onClose(listener);
        } else {
            listener = null;
        }
    }

    /**
     * Rate limits: one process on SQLite keeps its buckets in memory; nodes sharing a PostgreSQL
     * share the buckets in it, so that the budget is the same whichever node answers.
     */
    private RateLimiter rateLimiter(long capacity) {
        return switch (database.engine()) {
            case SQLITE -> new MemoryRateLimiter(capacity, config.rateLimitWindow());
            case POSTGRESQL -> new PostgresRateLimiter(database.writeDataSource(), capacity, config.rateLimitWindow());
        };
    }

    public ParleyConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    /** Notices between nodes about state that is not an event. */
    public Signals signals() {
        return signals;
    }

    public EventLog events() {
        return events;
    }

    /** On PostgreSQL, what keeps this node's event log current with other nodes' writes. */
    public java.util.Optional<EventListener> eventListener() {
        return java.util.Optional.ofNullable(listener);
    }

    /** Where features record metrics (timers, counters, gauges); scraped through the ops feature. */
    public io.micrometer.core.instrument.composite.CompositeMeterRegistry metrics() {
        return metrics;
    }

    public ContractDocument document() {
        return document;
    }

    /** Bumped whenever users, tokens or memberships change; caches of access decisions key on it. */
    public IdentityVersion identityVersion() {
        return identityVersion;
    }

    public Authentication authentication() {
        return authentication;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public ClientAddress clientAddress() {
        return clientAddress;
    }

    /** The reads answered from memory in front of Javalin (features register them through {@code Api}). */
    public dev.parley.api.DirectReads directReads() {
        return directReads;
    }

    /** Request bodies over the default limit must be allowed here, per route, before the server starts. */
    public DeclaredBodyLimit bodyLimit() {
        return bodyLimit;
    }

    public void routes(Consumer<Routes> registration) {
        if (http != null) {
            throw new IllegalStateException("routes are registered before the server starts");
        }
        routes.add(registration);
    }

    /** The web desk's error pages for browser requests (API paths keep their JSON errors). */
    public void htmlErrors(HtmlErrors pages) {
        if (http != null || htmlErrors != null) {
            throw new IllegalStateException("error pages are set once, before the server starts");
        }
        this.htmlErrors = pages;
    }

    /** Runs {@code task} now and then every {@code period}; a failure is logged and the next run still happens. */
    public void every(String name, Duration period, Runnable task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", name, e.getMessage());
            }
        }, 0, Math.max(1, period.toMillis()), TimeUnit.MILLISECONDS);
    }

    /**
     * Run when Parley stops, before the HTTP server's graceful stop: for requests that would
     * not end by themselves (live event streams), which that stop would otherwise wait for.
     */
    public void beforeStop(Runnable action) {
        beforeStop.add(action);
    }

    /** Released when Parley stops, after the HTTP server (requests in flight may still need it). */
    public void onClose(AutoCloseable resource) {
        closers.push(resource);
    }

    /** Builds the HTTP server with every feature's routes and starts it. */
    Javalin serve() {
        http = HttpServer.create(bodyLimit, directReads, config.corsOrigins(), htmlErrors, javalin -> {
            Api api = new Api(document, authentication, rateLimiter, authFailures, consistency, database,
                    clientAddress, javalin.routes, directReads);
            Routes r = new Routes(api, javalin.routes, javalin);
            routes.forEach(registration -> registration.accept(r));
        });
        http.start(config.host(), config.port());
        return http;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        for (Runnable action : beforeStop) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("Before stop: {}", e.toString());
            }
        }
        // the HTTP server first: its graceful stop lets requests in flight finish, and they still
        // need the listener and the database
        if (http != null) {
            http.stop();
        }
        while (!closers.isEmpty()) {
            try {
                closers.pop().close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", e.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
