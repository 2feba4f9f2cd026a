package dev.parley.desk;

import io.javalin.http.Context;

/**
 * {@code GET /assets/{name}?v={hash}}: with the current hash the answer may be cached for a year
 * ({@code immutable}: a changed file gets a new URL); with another or no {@code v} it must be
 * revalidated, so that an old URL never pins new content (or the reverse). ETag = the hash.
 */
final class AssetHandler {
    static final String CACHE_FOREVER = "public, max-age=31536000, immutable";

    private AssetHandler() {
    }

    static void serve(Context ctx, DeskAssets.Asset asset) {
        String etag = "\"" + asset.hash() + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", asset.hash().equals(ctx.queryParam("v")) ? CACHE_FOREVER : "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType());
        ctx.result(asset.body());
    }
}
