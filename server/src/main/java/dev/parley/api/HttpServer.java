package dev.parley.api;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;

import java.util.function.Consumer;

/** The Javalin (Jetty 12) server: limits, error mapping, and the routes given by the caller. */
public final class HttpServer {
    private HttpServer() {
    }

    public static Javalin create(long maxRequestBytes, Consumer<JavalinConfig> routes) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = maxRequestBytes;
            config.http.defaultContentType = "application/json";
            config.router.ignoreTrailingSlashes = true;
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(10_000);
                server.setErrorHandler(new JsonErrorHandler()); // Jetty's own 400 / 414 / 431 in the contract's shape
            });
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setRequestHeaderSize(16 * 1024);
            });
            config.routes.exception(ApiError.class, (e, ctx) -> ErrorResponses.write(ctx, e));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> ErrorResponses.write(ctx, e));
            config.routes.exception(Exception.class, (e, ctx) -> ErrorResponses.unexpected(ctx, e));
            config.routes.error(404, ctx -> {
                if (ctx.attribute(Api.HANDLED) == null) {
                    ErrorResponses.write(ctx, ApiError.notFound("No such endpoint: " + ctx.method() + " " + ctx.path()));
                }
            });
            config.routes.error(405, ctx -> {
                if (ctx.attribute(Api.HANDLED) == null) {
                    ErrorResponses.write(ctx, new ApiError(405, "MethodNotAllowed", "Method not allowed"));
                }
            });
            routes.accept(config);
        });
    }
}
