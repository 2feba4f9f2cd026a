package dev.parley.api;

import dev.parley.events.EventLog;
import io.javalin.http.Context;

import java.util.Map;

/**
 * Read-your-writes: a mutation answers {@code ETag: "<position>"}; a read that sends
 * {@code if-event-reached: <position>} (with or without quotes, as the official SDK echoes the
 * ETag) is served once this node has applied that position.
 *
 * <p>A read never waits for it. A client is given a position only after its transaction
 * committed on the primary, so a position this node has not applied yet is either at or below
 * the log's head in the database (this node catches up at once: {@link EventLog#reach}) or no
 * client can have it: a 412 at once. So the header cannot hold a request thread or make the
 * server poll, whatever position is sent.
 */
public final class Consistency {
    private final EventLog events;

    public Consistency(EventLog events) {
        this.events = events;
    }

    public static String etag(long position) {
        return "\"" + position + "\"";
    }

    /** The position the request asks for, once reached here; 0 when it asks for none; 412 when none such exists. */
    public long requiredPosition(Context ctx) {
        String header = ctx.header("if-event-reached");
        if (header == null || header.isBlank()) {
            return 0;
        }
        long position = parse(header);
        if (!events.reach(position)) {
            throw new ApiError(412, "PreconditionFailed",
                    "The requested event " + position + " does not exist: no event up to it has been written");
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
