package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/** Writes JSON responses; mutations also answer the {@code ETag} of their event. */
public final class Responses {
    private Responses() {
    }

    public static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(Json.bytes(body));
    }

    /** A body rendered already (e.g. kept in a cache). */
    public static void jsonBytes(Context ctx, int status, byte[] body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(body);
    }

    public static void mutation(Context ctx, int status, JsonNode body, long position) {
        ctx.header("ETag", Consistency.etag(position));
        json(ctx, status, body);
    }
}
