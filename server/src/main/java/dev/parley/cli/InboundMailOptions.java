package dev.parley.cli;

import dev.parley.notify.inbound.InboundMailSettings;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * {@code parley serve} options for answering by e-mail: the mailbox replies to notification mails
 * arrive in. The mailbox's address, {@code --reply-mailbox}, is one setting with the outgoing
 * mails' ({@link MailOptions}): their Reply-To names it.
 */
public final class InboundMailOptions {
    @Option(names = "--imap-url", defaultValue = "${env:PARLEY_IMAP_URL}", paramLabel = "URL",
            description = "The reply mailbox over IMAP: imaps://user:password@host:993/INBOX (TLS), or imap://… "
                    + "(STARTTLS when the server offers it); percent-encode @ or : in the user or password. "
                    + "Replies to notification mails found there become messages. Default: none (no mail is read).")
    String imapUrl;

    @Option(names = "--imap-poll-interval", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_IMAP_POLL_INTERVAL:-30s}",
            description = "How long to wait between two reads of the reply mailbox (default: ${DEFAULT-VALUE}).")
    Duration pollInterval = InboundMailSettings.DEFAULT_POLL_INTERVAL;

    InboundMailSettings settings(String replyMailbox) {
        return new InboundMailSettings(imapUrl, replyMailbox, pollInterval);
    }
}
