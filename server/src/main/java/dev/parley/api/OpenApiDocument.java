package dev.parley.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.Platform;
import io.javalin.http.Context;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /openapi.json}: the contract with Parley's documented extensions, Parley's own
 * {@code info} ({@link ParleyApiInfo}) and {@code servers} naming this installation
 * ({@link PublicBaseUrl}); and {@code /docs}, Swagger UI over it ({@link ApiDocsPage}).
 *
 * <p>The document is rendered once per base URL and kept: with {@code --public-url} that is one
 * rendering; without, one per host clients use (bounded, since the {@code Host} header is the
 * client's to choose: past {@link #MAX_RENDERINGS} hosts a document is rendered per request).
 */
public final class OpenApiDocument {
    static final int MAX_RENDERINGS = 32;

    private final ObjectNode document;
    private final PublicBaseUrl baseUrl;
    private final byte[] relative;
    private final Map<String, byte[]> byBaseUrl = new ConcurrentHashMap<>();

    OpenApiDocument(ObjectNode contract, PublicBaseUrl baseUrl) {
        this.document = contract.deepCopy();
        ParleyApiInfo.apply(this.document);
        this.baseUrl = baseUrl;
        this.relative = render(null);
    }

    public static void install(Platform platform) {
        OpenApiDocument served = new OpenApiDocument(platform.document().document(),
                new PublicBaseUrl(platform.config().publicUrl(), platform.clientAddress()));
        ApiDocsPage page = new ApiDocsPage();
        platform.routes(r -> {
            r.http().get("/openapi.json", served::serve);
            page.register(r.http());
        });
    }

    private void serve(Context ctx) {
        ctx.contentType("application/json").result(bytesFor(baseUrl.of(ctx)));
    }

    /** The document naming {@code base} as its server; {@code base} null: the server "/" (relative to the document). */
    byte[] bytesFor(String base) {
        if (base == null) {
            return relative;
        }
        byte[] cached = byBaseUrl.get(base);
        if (cached != null) {
            return cached;
        }
        byte[] rendered = render(base);
        if (byBaseUrl.size() < MAX_RENDERINGS) {
            byBaseUrl.putIfAbsent(base, rendered);
        }
        return rendered;
    }

    /** A shallow copy with its own {@code servers}: the rest of the tree is shared, never changed. */
    private byte[] render(String base) {
        ObjectNode copy = Json.MAPPER.createObjectNode();
        document.fields().forEachRemaining(e -> copy.set(e.getKey(), e.getValue()));
        ObjectNode server = copy.putArray("servers").addObject();
        server.put("url", base == null ? "/" : base);
        server.put("description", "This Parley installation");
        return Json.bytes(copy);
    }
}
