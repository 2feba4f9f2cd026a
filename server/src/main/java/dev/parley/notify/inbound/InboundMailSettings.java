package dev.parley.notify.inbound;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Answering by e-mail: the mailbox replies to notification mails arrive in, and how often it is
 * read. {@link #imapUrl} null: nothing is read.
 *
 * @param imapUrl      {@code imaps://user:password@host:port/folder} (TLS from the start) or
 *                     {@code imap://…} (STARTTLS when the server offers it)
 * @param replyMailbox the plus-addressed mailbox ({@code support@example.com}); replies go to
 *                     {@code support+<token>@example.com}
 * @param pollInterval the pause between two reads of the mailbox
 */
public record InboundMailSettings(String imapUrl, String replyMailbox, Duration pollInterval) {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

    public InboundMailSettings {
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("--imap-poll-interval must be positive");
        }
        if (imapUrl != null && imapUrl.isBlank()) {
            imapUrl = null;
        }
        if (imapUrl != null) {
            ImapUrl.parse(imapUrl); // refuses a malformed URL at start, with its reason
            if (replyMailbox == null || replyMailbox.isBlank()) {
                throw new IllegalArgumentException("--imap-url needs --reply-mailbox (the address replies are sent to)");
            }
        }
        if (replyMailbox != null && !replyMailbox.isBlank()) {
            replyMailbox = replyMailbox.strip();
            int at = replyMailbox.lastIndexOf('@');
            if (at <= 0 || at == replyMailbox.length() - 1 || replyMailbox.contains("+")) {
                throw new IllegalArgumentException("--reply-mailbox must be a plain mail address such as "
                        + "support@example.com (without a +tag): " + replyMailbox);
            }
        }
    }

    /** Nothing read. */
    public static InboundMailSettings off() {
        return new InboundMailSettings(null, null, DEFAULT_POLL_INTERVAL);
    }

    public boolean enabled() {
        return imapUrl != null;
    }

    /** The IMAP URL with its password replaced by {@code ***}, for logs. */
    public String maskedImapUrl() {
        return imapUrl == null ? null : ImapUrl.parse(imapUrl).masked();
    }

    @Override
    public String toString() {
        return "InboundMailSettings[imapUrl=" + maskedImapUrl() + ", replyMailbox=" + replyMailbox
                + ", pollInterval=" + pollInterval + "]";
    }

    /** An IMAP URL's parts. */
    public record ImapUrl(boolean tls, String host, int port, String user, String password, String folder) {
        public static ImapUrl parse(String url) {
            URI uri;
            try {
                uri = new URI(url.strip());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--imap-url is not a URL (" + e.getReason() + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("imap") && !scheme.equals("imaps")) {
                throw new IllegalArgumentException("--imap-url must start with imaps:// or imap://");
            }
            if (uri.getHost() == null || uri.getRawUserInfo() == null) {
                throw new IllegalArgumentException("--imap-url must name user, password and host: imaps://user:password@host:993/INBOX");
            }
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("--imap-url has no password (imaps://user:password@host/INBOX)");
            }
            String user = URLDecoder.decode(info.substring(0, colon), StandardCharsets.UTF_8);
            String password = URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
            boolean tls = scheme.equals("imaps");
            int port = uri.getPort() > 0 ? uri.getPort() : tls ? 993 : 143;
            String path = uri.getPath() == null ? "" : uri.getPath();
            String folder = path.length() > 1 ? path.substring(1) : "INBOX";
            return new ImapUrl(tls, uri.getHost(), port, user, password, folder);
        }

        /** The URL without its password. */
        public String masked() {
            return (tls ? "imaps" : "imap") + "://" + user + ":***@" + host + ":" + port + "/" + folder;
        }

        @Override
        public String toString() {
            return masked();
        }
    }
}
