package dev.parley.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.Platform;
import dev.parley.events.EventLog;
import io.javalin.http.Context;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The operations feature: health ({@code GET /healthz}, {@code GET /readyz}), metrics
 * ({@code GET /metrics}, Prometheus text, on the main port or {@code --metrics-port}) and the
 * access log with request ids. It owns the one scraped registry, added to
 * {@link Platform#metrics()} so that every feature's meters reach it. Installed first, so that
 * the requests of every other feature are observed and their meters registered.
 */
public final class Operations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrometheusMeterRegistry registry;
    private final int metricsPort;
    private final java.util.Optional<dev.parley.events.EventListener> listener;

    private Operations(PrometheusMeterRegistry registry, int metricsPort,
                       java.util.Optional<dev.parley.events.EventListener> listener) {
        this.registry = registry;
        this.metricsPort = metricsPort;
        this.listener = listener;
    }

    public static Operations install(Platform platform) {
        OperationsSettings settings = platform.config().operations();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        platform.metrics().add(registry);
        MeterRegistry meters = platform.metrics();
        bindJvm(platform, meters);
        for (HikariDataSource pool : platform.database().pools()) {
            pool.setMetricRegistry(registry); // HikariCP's own Micrometer tracker: hikaricp_connections_*
        }
        DistributionSummary batches = DistributionSummary.builder("parley.storage.group.commit.batch")
                .description("Writes committed together in one SQLite transaction (one fsync)")
                .baseUnit("writes").serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .register(meters);
        platform.database().onGroupCommitBatch(batches::record);
        FunctionCounter.builder("parley.ratelimit.refusals", platform.rateLimiter(), r -> r.refusals())
                .description("Requests refused with 429 by the request rate limit").register(meters);
        platform.authentication().callers().counts().bind(meters, "caller");

        OutboxStats outboxes = new OutboxStats(platform.database());
        bindEvents(platform.events(), outboxes, meters);
        bindOutbox("mail", outboxes, OutboxStats.Snapshot::mail, meters);
        bindOutbox("webhook", outboxes, OutboxStats.Snapshot::webhook, meters);

        Readiness readiness = new Readiness(platform.database(), platform.eventListener(),
                platform.config().mail().enabled(), outboxes);
        MetricsEndpoint endpoint = new MetricsEndpoint(registry, settings.metricsToken());
        RequestObserver observer = new RequestObserver(meters);
        platform.routes(r -> {
            r.http().before(observer::before);
            r.server().requestLogger.http(observer::done);
            r.api().directReads().observe(observer);
            r.http().get("/healthz", ctx -> answer(ctx, 200, Map.of("status", "ok")));
            r.http().get("/readyz", ctx -> {
                Readiness.Result result = readiness.check();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", result.ready() ? "ok" : "unavailable");
                body.put("checks", result.checks());
                answer(ctx, result.ready() ? 200 : 503, body);
            });
            if (!settings.ownPort()) {
                r.http().get("/metrics", endpoint::handle);
            }
        });
        int port = -1;
        if (settings.ownPort()) {
            port = endpoint.serveOn(platform.config().host(), settings.metricsPort());
        }
        platform.onClose(endpoint);
        platform.onClose(registry::close);
        return new Operations(registry, port, platform.eventListener());
    }

    private static void bindJvm(Platform platform, MeterRegistry meters) {
        new JvmMemoryMetrics().bindTo(meters);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(meters);
        platform.onClose(gc);
        new JvmThreadMetrics().bindTo(meters);
        new ClassLoaderMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
    }

    /** This node's applied position (no query) and the database's head and the lag (read every few seconds). */
    private static void bindEvents(EventLog events, OutboxStats stats, MeterRegistry meters) {
        Gauge.builder("parley.events.applied.position", events, EventLog::appliedPosition)
                .description("The newest event-log position this node has applied").register(meters);
        Gauge.builder("parley.events.head.position", stats, s -> snapshotValue(s, OutboxStats.Snapshot::headPosition))
                .description("The newest event-log position in the database").register(meters);
        Gauge.builder("parley.events.lag", stats, s -> {
                    OutboxStats.Snapshot snapshot = s.snapshot();
                    return snapshot == null ? Double.NaN : Math.max(0, snapshot.headPosition() - events.appliedPosition());
                })
                .description("Events in the database this node has not applied yet").baseUnit("events").register(meters);
    }

    private static void bindOutbox(String name, OutboxStats stats,
                                   java.util.function.Function<OutboxStats.Snapshot, OutboxStats.Outbox> which,
                                   MeterRegistry meters) {
        Gauge.builder("parley.outbox.pending", stats, s -> snapshotValue(s, x -> which.apply(x).pending()))
                .description("Rows waiting to be sent").tags("outbox", name).register(meters);
        Gauge.builder("parley.outbox.oldest.due", stats,
                        s -> snapshotValue(s, x -> which.apply(x).oldestDueMillis() / 1000.0))
                .description("How long the oldest row a sender could take has waited past its due time")
                .baseUnit("seconds").tags("outbox", name).register(meters);
    }

    private static double snapshotValue(OutboxStats stats, ToDoubleFunction<OutboxStats.Snapshot> value) {
        OutboxStats.Snapshot snapshot = stats.snapshot();
        return snapshot == null ? Double.NaN : value.applyAsDouble(snapshot);
    }

    private static void answer(Context ctx, int status, Object body) throws Exception {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    /** The port serving /metrics apart from the main one, or -1 when metrics are on the main port. */
    public int metricsPort() {
        return metricsPort;
    }

    /** The listener readiness watches (tests stop it). */
    java.util.Optional<dev.parley.events.EventListener> eventListener() {
        return listener;
    }

    /** The scraped registry (tests and tools may read it directly). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
