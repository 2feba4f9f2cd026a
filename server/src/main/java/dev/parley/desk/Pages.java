package dev.parley.desk;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders the desk's jte templates (precompiled at build time by jte-maven-plugin into
 * {@code dev.parley.desk.templates}; HTML output escaping on) with the headers every HTML page
 * carries: the strict Content-Security-Policy (no inline script or style: everything comes
 * from {@code /assets}), {@code nosniff}, {@code Referrer-Policy: same-origin} and no caching.
 */
public final class Pages {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'self'";
    static final String TEMPLATE_PACKAGE = "dev.parley.desk.templates";

    private final TemplateEngine engine;
    private final DeskAssets assets;
    private volatile Function<Context, Viewer> viewers = ctx -> null;

    Pages(DeskAssets assets) {
        this.assets = assets;
        this.engine = TemplateEngine.createPrecompiled(null, ContentType.Html, Pages.class.getClassLoader(),
                TEMPLATE_PACKAGE);
    }

    /** How the layout learns who is signed in (the sign-in feature sets it once; nobody until then). */
    public void viewers(Function<Context, Viewer> source) {
        this.viewers = source;
    }

    /** The frame of a page for this request: language, words, who is signed in, assets. */
    public Page page(Context ctx) {
        Lang lang = Lang.of(ctx);
        String here = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        return new Page(lang, Texts.of(lang), here, viewers.apply(ctx), assets);
    }

    /** 200 with {@code template} (e.g. {@code "error/not-found.jte"}); the model gets {@code page} added. */
    public void render(Context ctx, String template, Map<String, ?> model) {
        render(ctx, 200, template, model);
    }

    public void render(Context ctx, int status, String template, Map<String, ?> model) {
        Map<String, Object> params = new HashMap<>(model);
        params.putIfAbsent("page", page(ctx));
        Utf8ByteOutput out = new Utf8ByteOutput();
        engine.render(template, params, out);
        byte[] body = out.toByteArray();
        ctx.status(status);
        htmlHeaders(ctx);
        ctx.result(body);
    }

    /** The headers of every HTML response (also the error pages). */
    public static void htmlHeaders(Context ctx) {
        ctx.contentType("text/html; charset=utf-8");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
    }
}
