package dev.parley.ops;

import dev.parley.api.Api;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every request Javalin answers: its {@code X-Request-Id} (accepted or made, echoed, in the MDC
 * while it runs), one access-log line on the logger {@code parley.access} and one sample of the
 * timer {@code parley_http_requests_seconds{operation,route,method,status}}. The route is the
 * matched path template ({@code /v2/conversations/{conversationId}}), never the raw path; the
 * operation is the contract's id the API pipeline set, "-" for Parley's own routes. Timers are
 * looked up in a map by a small record: no formatting or pattern matching per request.
 */
final class RequestObserver implements dev.parley.api.DirectReads.Observer {
    static final String ACCESS_LOGGER = "parley.access";
    static final String REQUEST_ID = "parley.requestId";
    static final String MDC_KEY = "requestId";
    private static final Logger ACCESS = LoggerFactory.getLogger(ACCESS_LOGGER);
    /** Histogram buckets (seconds): enough resolution from 5 ms to 10 s without ~70 buckets per series. */
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private record Key(String operation, String route, String method, int status) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    RequestObserver(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Before anything else: the request's id, on the response at once (also on error answers). */
    void before(Context ctx) {
        String id = begin(ctx.header(RequestIds.HEADER));
        ctx.attribute(REQUEST_ID, id);
        ctx.header(RequestIds.HEADER, id);
    }

    /** After the answer (Javalin's request logger): the access line and the timer. */
    void done(Context ctx, Float millis) {
        String operation = ctx.attribute(Api.OPERATION_ID);
        double ms = millis == null ? 0 : millis;
        record(operation == null ? "-" : operation, route(ctx), ctx.method().name(), ctx.statusCode(),
                (long) (ms * 1_000_000), ctx.attribute(REQUEST_ID));
    }

    @Override
    public String begin(String suppliedRequestId) {
        String id = RequestIds.accept(suppliedRequestId);
        MDC.put(MDC_KEY, id);
        return id;
    }

    @Override
    public void answered(String operationId, String route, String method, int status, long nanos, String requestId) {
        record(operationId, route, method, status, nanos, requestId);
    }

    /** The timer's sample and the access line, then the request id out of the MDC. */
    private void record(String operation, String route, String method, int status, long nanos, String id) {
        try {
            double ms = nanos / 1_000_000.0;
            timers.computeIfAbsent(new Key(operation, route, method, status), this::timer)
                    .record(nanos, TimeUnit.NANOSECONDS);
            if (ACCESS.isInfoEnabled()) {
                long tenths = Math.round(ms * 10);
                // the line as one string rather than a pattern with arguments (and the duration from
                // whole tenths, not a double's digits): the same text, formatted with less work
                String line = method + ' ' + route + ' ' + status + ' ' + tenths / 10 + '.' + tenths % 10
                        + " ms op=" + operation + " id=" + id;
                ACCESS.atInfo()
                        .addKeyValue("method", method).addKeyValue("route", route).addKeyValue("status", status)
                        .addKeyValue("durationMs", tenths / 10.0).addKeyValue("operation", operation)
                        .addKeyValue("requestId", id)
                        .log(line);
            }
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The matched path template; requests no route matched share one value (their paths are anything). */
    private static String route(Context ctx) {
        try {
            Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? "(unmatched)" : endpoint.path;
        } catch (RuntimeException e) {
            return "(unmatched)";
        }
    }

    private Timer timer(Key key) {
        return Timer.builder("parley.http.requests")
                .description("HTTP requests by contract operation (or route) and status")
                .tags("operation", key.operation(), "route", key.route(), "method", key.method(),
                        "status", String.valueOf(key.status()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
