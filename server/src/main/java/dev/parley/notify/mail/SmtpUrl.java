package dev.parley.notify.mail;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * Where mails are handed over: {@code smtp://[user[:password]@]host[:port][?starttls=required|never]}
 * (port 25 by default; STARTTLS is used when the server offers it, insisted on with
 * {@code starttls=required}, never tried with {@code starttls=never}) or
 * {@code smtps://…} (TLS from the first byte, port 465 by default). User and password are
 * URL-decoded; {@link #toString} masks the password.
 */
public record SmtpUrl(boolean implicitTls, String host, int port, String user, String password, StartTls startTls) {

    /** STARTTLS on a plain {@code smtp://} connection. */
    public enum StartTls { OPPORTUNISTIC, REQUIRED, NEVER }

    /** Reads a URL; a clear IllegalArgumentException for anything else. */
    public static SmtpUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--smtp-url is not a URL (smtp://user:password@host:port): " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
            throw new IllegalArgumentException("--smtp-url must start with smtp:// or smtps://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("--smtp-url names no host (smtp://user:password@host:port)");
        }
        boolean tls = scheme.equals("smtps");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 25;
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        StartTls startTls = StartTls.OPPORTUNISTIC;
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                if (!kv[0].equals("starttls") || kv.length != 2) {
                    throw new IllegalArgumentException("--smtp-url: unknown parameter '" + kv[0] + "' (only starttls=required|never)");
                }
                startTls = switch (kv[1]) {
                    case "required" -> StartTls.REQUIRED;
                    case "never" -> StartTls.NEVER;
                    case "optional" -> StartTls.OPPORTUNISTIC;
                    default -> throw new IllegalArgumentException("--smtp-url: starttls must be required, optional or never");
                };
            }
        }
        if (tls && startTls != StartTls.OPPORTUNISTIC) {
            throw new IllegalArgumentException("--smtp-url: smtps:// is TLS already; starttls applies to smtp:// only");
        }
        return new SmtpUrl(tls, uri.getHost(), port, user, password, startTls);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The Jakarta Mail session properties for this server, with the given timeouts. */
    public Properties sessionProperties(int timeoutMillis) {
        String p = implicitTls ? "mail.smtps." : "mail.smtp.";
        Properties props = new Properties();
        props.put("mail.transport.protocol", implicitTls ? "smtps" : "smtp");
        props.put(p + "host", host);
        props.put(p + "port", String.valueOf(port));
        props.put(p + "auth", String.valueOf(user != null));
        props.put(p + "connectiontimeout", String.valueOf(timeoutMillis));
        props.put(p + "timeout", String.valueOf(timeoutMillis));
        props.put(p + "writetimeout", String.valueOf(timeoutMillis));
        if (implicitTls) {
            props.put(p + "ssl.checkserveridentity", "true");
        } else {
            props.put(p + "starttls.enable", String.valueOf(startTls != StartTls.NEVER));
            props.put(p + "starttls.required", String.valueOf(startTls == StartTls.REQUIRED));
            props.put(p + "ssl.checkserveridentity", "true");
        }
        return props;
    }

    /** The protocol name for {@code Session.getTransport}. */
    public String protocol() {
        return implicitTls ? "smtps" : "smtp";
    }

    /** The URL with the password replaced by {@code ***}: what logs show. */
    @Override
    public String toString() {
        String auth = user == null ? "" : user + (password == null ? "" : ":***") + "@";
        String query = startTls == StartTls.REQUIRED ? "?starttls=required" : startTls == StartTls.NEVER ? "?starttls=never" : "";
        return (implicitTls ? "smtps://" : "smtp://") + auth + host + ":" + port + query;
    }
}
