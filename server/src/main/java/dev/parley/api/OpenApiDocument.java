package dev.parley.api;

import dev.parley.Platform;

/** {@code GET /openapi.json}: the contract with Parley's documented extensions, rendered once. */
public final class OpenApiDocument {
    private OpenApiDocument() {
    }

    public static void install(Platform platform) {
        byte[] body = Json.bytes(platform.document().document());
        platform.routes(r -> r.http().get("/openapi.json", ctx -> ctx.contentType("application/json").result(body)));
    }
}
