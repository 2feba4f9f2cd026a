package dev.parley.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    public static void unexpected(Context ctx, Exception e) {
        LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
        write(ctx, new ApiError(500, "InternalServerError", "An unexpected error occurred"));
    }
}
