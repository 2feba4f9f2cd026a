package dev.parley.cli;

import dev.parley.notify.inbound.InboundMailSettings;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * {@code parley serve} options for answering by e-mail: the mailbox replies to notification mails
 * arrive in. (The outgoing mails' options declare {@code --reply-mailbox} too; the two are one
 * setting and are to be merged into one declaration.)
 */
public final class InboundMailOptions {
    @Option(names = "--imap-url", defaultValue = "${env:PARLEY_IMAP_URL}", paramLabel = "URL",
            description = "The reply mailbox over IMAP: imaps://user:password@host:993/INBOX (TLS), or imap://… "
                    + "(STARTTLS when the server offers it); percent-encode @ or : in the user or password. "
                    + "Replies to notification mails found there become messages. Default: none (no mail is read).")
    String imapUrl;

    @Option(names = "--reply-mailbox", defaultValue = "${env:PARLEY_REPLY_MAILBOX}", paramLabel = "ADDRESS",
            description = "The mailbox notification mails ask for replies at (support@example.com); each mail's "
                    + "Reply-To is it plus a signed token (support+<token>@example.com), so it must accept plus addresses.")
    String replyMailbox;

    @Option(names = "--imap-poll-interval", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_IMAP_POLL_INTERVAL:-30s}",
            description = "How long to wait between two reads of the reply mailbox (default: ${DEFAULT-VALUE}).")
    Duration pollInterval = InboundMailSettings.DEFAULT_POLL_INTERVAL;

    InboundMailSettings settings() {
        return new InboundMailSettings(imapUrl, replyMailbox, pollInterval);
    }
}
