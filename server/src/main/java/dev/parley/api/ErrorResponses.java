package dev.parley.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.storage.StorageFaults;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.util.Map;

/** Renders every failure in the contract's error shapes; nothing else reaches a client. */
public final class ErrorResponses {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    public static void write(Context ctx, ApiError error) {
        ctx.status(error.status());
        ctx.contentType("application/json");
        ctx.result(body(error));
        ctx.attribute(Api.HANDLED, true);
    }

    /** The JSON body of an error: {@code type} and {@code message}, for 400 a ValidationError with its list. */
    public static byte[] body(ApiError error) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("type", error.type());
        body.put("message", error.getMessage());
        if (error.status() == 400 || "ValidationError".equals(error.type())) {
            body.put("type", "ValidationError");
            ArrayNode list = body.putArray("validationErrors");
            for (ApiError.FieldError fe : error.fieldErrors()) {
                ObjectNode item = list.addObject();
                item.put("message", fe.message());
                item.put("path", fe.path());
                item.put("type", fe.type());
                ObjectNode context = item.putObject("context");
                fe.context().forEach(context::put);
            }
        }
        return Json.bytes(body);
    }

    /** Javalin's own refusals (413 body too large, 404 no route, 405 …) in the contract's shape. */
    public static void write(Context ctx, HttpResponseException e) {
        int status = e.getStatus();
        String type = switch (status) {
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 413 -> "PayloadTooLarge";
            case 415 -> "UnsupportedMediaType";
            default -> status >= 500 ? "InternalServerError" : "BadRequest";
        };
        String message = status == 413 ? "Request body too large" : e.getMessage();
        if (status == 400) {
            write(ctx, ApiError.validation("", "request", message == null ? "Bad request" : message, Map.of()));
            return;
        }
        write(ctx, new ApiError(status, type, message == null ? type : message));
    }

    /**
     * Anything not thrown as an {@link ApiError}: a fault of the storage underneath is 503 (the
     * database is away, or locked by someone else beyond the lock timeout; Retry-After) or 507
     * (disk full) and logged in one line; the rest is a bug,
     * logged with its stack trace and answered 500. The client never sees a stack trace.
     */
    public static void unexpected(Context ctx, Exception e) {
        // Jetty's own refusals thrown while a handler reads the request (e.g. 408 for a body sent too slowly)
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                write(ctx, JsonErrorHandler.error(http.getCode(), http.getReason()));
                return;
            }
        }
        switch (StorageFaults.classify(e)) {
            case DATABASE_UNAVAILABLE -> {
                LOG.warn("Database unavailable on {} {}: {}", ctx.method(), ctx.path(), rootMessage(e));
                ctx.header("Retry-After", "1");
                write(ctx, new ApiError(503, "ServiceUnavailable", "The database is unavailable; try again shortly"));
            }
            case DATABASE_BUSY -> {
                LOG.warn("Database busy on {} {}: {}", ctx.method(), ctx.path(), rootMessage(e));
                ctx.header("Retry-After", "1");
                write(ctx, new ApiError(503, "ServiceUnavailable",
                        "The database is busy (locked by another process or session); try again shortly"));
            }
            case STORAGE_FULL -> {
                LOG.warn("Storage full on {} {}: {}", ctx.method(), ctx.path(), rootMessage(e));
                write(ctx, new ApiError(507, "InsufficientStorage", "The server has no space left to store this"));
            }
            case NONE -> {
                LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
                write(ctx, new ApiError(500, "InternalServerError", "An unexpected error occurred"));
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
