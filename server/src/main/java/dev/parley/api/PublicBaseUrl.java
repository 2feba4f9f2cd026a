package dev.parley.api;

import io.javalin.http.Context;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The URL clients reach this Parley at, for the {@code servers} of {@code /openapi.json}: the
 * configured {@code --public-url} when there is one; otherwise what the request says, its scheme
 * and {@code Host}, where {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} count only on a
 * request straight from a {@code --trusted-proxy} (anyone else could write any host there). A
 * host that is no plain host name or IP literal with an optional port gives {@code null}: the
 * document then names no absolute server.
 */
final class PublicBaseUrl {
    private static final Pattern HOST = Pattern.compile(
            "^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\\[[0-9A-Fa-f:.]{2,45}\\])(?::\\d{1,5})?$");

    private final String configured;
    private final ClientAddress clients;

    PublicBaseUrl(String publicUrl, ClientAddress clients) {
        this.configured = publicUrl == null || publicUrl.isBlank() ? null : stripSlash(publicUrl.strip());
        this.clients = clients;
    }

    /** The base URL (no trailing slash) or null when the request names no usable host. */
    String of(Context ctx) {
        if (configured != null) {
            return configured;
        }
        String scheme = ctx.scheme();
        String host = ctx.header("Host");
        if (clients.fromTrustedProxy(ctx)) {
            String proto = first(ctx.header("X-Forwarded-Proto"));
            if (proto != null) {
                scheme = proto.toLowerCase(Locale.ROOT);
            }
            String forwardedHost = first(ctx.header("X-Forwarded-Host"));
            if (forwardedHost != null) {
                host = forwardedHost;
            }
        }
        return of(scheme, host);
    }

    static String of(String scheme, String host) {
        if (!"http".equals(scheme) && !"https".equals(scheme) || host == null || host.length() > 260
                || !HOST.matcher(host).matches()) {
            return null;
        }
        return scheme + "://" + host.toLowerCase(Locale.ROOT);
    }

    /** The first of a comma-separated list of values (one per proxy hop), or null. */
    private static String first(String header) {
        if (header == null) {
            return null;
        }
        String value = header.split(",", 2)[0].strip();
        return value.isEmpty() ? null : value;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
