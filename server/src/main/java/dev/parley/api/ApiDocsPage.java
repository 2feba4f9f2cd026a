package dev.parley.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /docs}: Swagger UI showing {@code /openapi.json}, every file served by Parley itself
 * ({@code GET /docs/assets/{name}?v={hash}}: Swagger UI's bundle and stylesheet from the
 * {@code org.webjars:swagger-ui} webjar, our initializer {@code docs/docs.js}), no CDN. The page
 * has the desk's Content-Security-Policy: scripts and styles only from Parley (no inline script;
 * Swagger UI sets styles through the DOM, which the policy allows), images also as data: URLs
 * (Swagger UI's icons), requests ("Try it out") only to Parley. The files are read from the class
 * path at the first request, not at start.
 */
final class ApiDocsPage {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final String CACHE_FOREVER = "public, max-age=31536000, immutable";

    record Asset(byte[] body, String contentType, String hash) {
    }

    private volatile Map<String, Asset> assets;
    private volatile byte[] page;

    void register(RoutesConfig http) {
        http.get("/docs", this::page);
        http.get("/docs/assets/{name}", this::asset);
    }

    private void page(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.contentType("text/html; charset=utf-8").result(page());
    }

    private void asset(Context ctx) {
        Asset asset = assets().get(ctx.pathParam("name"));
        if (asset == null) {
            throw ApiError.notFound("No such file");
        }
        String etag = "\"" + asset.hash() + "\"";
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", asset.hash().equals(ctx.queryParam("v")) ? CACHE_FOREVER : "no-cache");
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.body());
    }

    private byte[] page() {
        byte[] html = page;
        if (html == null) {
            String text = """
                    <!doctype html>
                    <html lang="en">
                    <head>
                    <meta charset="utf-8">
                    <meta name="viewport" content="width=device-width, initial-scale=1">
                    <title>%s</title>
                    <link rel="icon" href="%s">
                    <link rel="stylesheet" href="%s">
                    <link rel="stylesheet" href="%s">
                    </head>
                    <body>
                    <main id="swagger-ui" data-spec-url="/openapi.json"></main>
                    <script src="%s"></script>
                    <script src="%s"></script>
                    </body>
                    </html>
                    """.formatted(ParleyApiInfo.TITLE, url("favicon-32x32.png"), url("swagger-ui.css"), url("docs.css"),
                    url("swagger-ui-bundle.js"), url("docs.js"));
            html = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            page = html;
        }
        return html;
    }

    private String url(String name) {
        return "/docs/assets/" + name + "?v=" + assets().get(name).hash();
    }

    private Map<String, Asset> assets() {
        Map<String, Asset> loaded = assets;
        if (loaded == null) {
            synchronized (this) {
                if (assets == null) {
                    assets = load();
                }
                loaded = assets;
            }
        }
        return loaded;
    }

    private static Map<String, Asset> load() {
        String webjar = webjarFolder();
        Map<String, Asset> out = new LinkedHashMap<>();
        add(out, "swagger-ui-bundle.js", webjar + "swagger-ui-bundle.js", "text/javascript; charset=utf-8");
        add(out, "swagger-ui.css", webjar + "swagger-ui.css", "text/css; charset=utf-8");
        add(out, "favicon-32x32.png", webjar + "favicon-32x32.png", "image/png");
        add(out, "docs.js", "docs/docs.js", "text/javascript; charset=utf-8");
        add(out, "docs.css", "docs/docs.css", "text/css; charset=utf-8");
        return Map.copyOf(out);
    }

    /** The webjar's folder at the version Maven resolved (from its pom.properties). */
    private static String webjarFolder() {
        Properties pom = new Properties();
        try (InputStream in = resource("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "META-INF/resources/webjars/swagger-ui/" + pom.getProperty("version") + "/";
    }

    private static void add(Map<String, Asset> out, String name, String resource, String contentType) {
        try (InputStream in = resource(resource)) {
            byte[] body = in.readAllBytes();
            out.put(name, new Asset(body, contentType, hash(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = ApiDocsPage.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing class path resource " + name);
        }
        return in;
    }

    private static String hash(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
