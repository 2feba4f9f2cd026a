package dev.parley.api;

import dev.parley.events.EventLog;
import io.javalin.http.Context;

import java.util.Map;

/**
 * Read-your-writes: a mutation answers {@code ETag: "<position>"}; a read that sends
 * {@code if-event-reached: <position>} (with or without quotes, as the official SDK echoes the
 * ETag) is served once this node has applied that position, or answered 412 after a bounded wait.
 */
public final class Consistency {
    private final EventLog events;
    private final long maxWaitMillis;

    public Consistency(EventLog events, long maxWaitMillis) {
        this.events = events;
        this.maxWaitMillis = maxWaitMillis;
    }

    public static String etag(long position) {
        return "\"" + position + "\"";
    }

    /** Waits for the position the request asks for (if any) and returns it; 0 when it asks for none. */
    public long awaitRequested(Context ctx) throws InterruptedException {
        String header = ctx.header("if-event-reached");
        if (header == null || header.isBlank()) {
            return 0;
        }
        long position = parse(header);
        if (!events.awaitPosition(position, maxWaitMillis)) {
            throw new ApiError(412, "PreconditionFailed",
                    "The requested event " + position + " was not reached within " + maxWaitMillis + " ms");
        }
        return position;
    }

    static long parse(String header) {
        String value = header.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        try {
            long position = Long.parseLong(value);
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the validation error
        }
        throw ApiError.validation(".header.if-event-reached", "format",
                "must be an event position as returned in ETag", Map.of("format", "event-position"));
    }
}
