package dev.parley.api;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.server.handler.GracefulHandler;

import java.util.List;
import java.util.function.Consumer;

/** The Javalin (Jetty 12) server: limits, error mapping, and the routes given by the caller. */
public final class HttpServer {
    /** How long a stop waits for requests in flight before it closes their connections. */
    public static final long STOP_TIMEOUT_MILLIS = 10_000;

    private HttpServer() {
    }

    /** Idle connections are closed after this long; a request must arrive within it. */
    static final long IDLE_TIMEOUT_MILLIS = 30_000;
    /**
     * Slow clients: a request body sent slower than this (bytes per second, over the time spent
     * waiting for it; {@link RequestDataRate}) is abandoned with 408, so a trickling client cannot
     * hold a thread for long.
     */
    static final long MIN_DATA_RATE = 512;

    /**
     * With {@code html} (may be null) answering the web desk's failures with pages instead of JSON,
     * and {@code directReads} answering the plainest cached reads before Javalin's servlet.
     */
    public static Javalin create(DeclaredBodyLimit bodyLimit, DirectReads directReads, List<String> corsOrigins,
                                 HtmlErrors html, Consumer<JavalinConfig> routes) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = bodyLimit.defaultLimit();
            config.http.defaultContentType = "application/json";
            ResponseOutput.configure(config);
            config.router.ignoreTrailingSlashes = true;
            config.jetty.modifyServer(server -> {
                // innermost: what reaches it has passed the body limit and is waited for by a stop
                server.insertHandler(directReads);
                // a declared body over the limit is refused before anything reads it (inside the
                // GracefulHandler inserted next, so that a stop waits for its answer too)
                server.insertHandler(bodyLimit);
                // outside the body limit, so that its drain of a refused body is timed as well
                server.insertHandler(new RequestDataRate(MIN_DATA_RATE));
                // graceful stop (SIGTERM): the connectors stop accepting, requests in flight run to
                // their end for up to the stop timeout. Jetty 12 waits for requests only with a
                // GracefulHandler in the chain (Javalin nests its servlet context inside it).
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(STOP_TIMEOUT_MILLIS);
                server.setErrorHandler(new JsonErrorHandler()); // Jetty's own 400 / 408 / 414 / 431 in the contract's shape
            });
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setRequestHeaderSize(16 * 1024);
                http.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
                // Jetty's own request rate is measured from the first byte to every read, so a small
                // body read late on a busy machine was refused: RequestDataRate counts waiting only
                http.setMinRequestDataRate(0);
            });
            Cors.configure(config, corsOrigins);
            config.routes.before(SecurityHeaders::apply);
            // every failure is first rendered (and logged) as the API's JSON error; a desk request's
            // answer is then replaced by its HTML page with the same status
            config.routes.exception(ApiError.class, (e, ctx) -> {
                ErrorResponses.write(ctx, e);
                asPage(html, ctx);
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                ErrorResponses.write(ctx, e);
                asPage(html, ctx);
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                ErrorResponses.unexpected(ctx, e);
                asPage(html, ctx);
            });
            config.routes.error(404, ctx -> {
                if (ctx.attribute(Api.HANDLED) == null) {
                    ErrorResponses.write(ctx, ApiError.notFound("No such endpoint: " + ctx.method() + " " + ctx.path()));
                    asPage(html, ctx);
                }
            });
            config.routes.error(405, ctx -> {
                if (ctx.attribute(Api.HANDLED) == null) {
                    ErrorResponses.write(ctx, new ApiError(405, "MethodNotAllowed", "Method not allowed"));
                    asPage(html, ctx);
                }
            });
            routes.accept(config);
        });
    }

    private static void asPage(HtmlErrors html, io.javalin.http.Context ctx) {
        if (html != null && html.wantsHtml(ctx)) {
            html.render(ctx, ctx.statusCode());
        }
    }
}
