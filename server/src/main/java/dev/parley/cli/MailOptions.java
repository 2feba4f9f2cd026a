package dev.parley.cli;

import dev.parley.notify.mail.MailSettings;
import picocli.CommandLine.Option;

/** {@code parley serve} options for notification mails (docs/OPERATIONS.md, "E-mail notifications"). */
public final class MailOptions {
    @Option(names = "--smtp-url", defaultValue = "${env:PARLEY_SMTP_URL}", paramLabel = "URL",
            description = "Where notification mails are sent: smtp://user:password@host:port (STARTTLS when the "
                    + "server offers it; ?starttls=required insists, ?starttls=never does not try) or "
                    + "smtps://user:password@host:465 (TLS from the start). Default: none (no mails).")
    String smtpUrl;

    @Option(names = "--mail-from", defaultValue = "${env:PARLEY_MAIL_FROM}", paramLabel = "ADDRESS",
            description = "The From of notification mails, e.g. \"Parley Support <support@example.com>\" "
                    + "(required with --smtp-url); Message-IDs end in its domain.")
    String from;

    @Option(names = "--reply-mailbox", defaultValue = "${env:PARLEY_REPLY_MAILBOX}", paramLabel = "ADDRESS",
            description = "The mailbox replies to notification mails go to; each mail's Reply-To is it "
                    + "plus-addressed with a signed token (support+<token>@example.com), so it must accept plus "
                    + "addresses; with --imap-url Parley reads the replies there. Default: none (no Reply-To).")
    String replyMailbox;

    @Option(names = "--notify-staff", defaultValue = "${env:PARLEY_NOTIFY_STAFF:-assignee-followers-all}",
            paramLabel = "WHO",
            description = "Which staff get new conversations and customer messages: assignee-followers-all (the "
                    + "assignee, else the category's followers, else every active employee), assignee-followers "
                    + "(the assignee, else the followers, else nobody) or none. Default: ${DEFAULT-VALUE}.")
    String notifyStaff = "assignee-followers-all";

    @Option(names = "--mail-retry", converter = DurationConverter.class, defaultValue = "${env:PARLEY_MAIL_RETRY:-30s}",
            description = "The wait before a mail that could not be sent is tried again; it doubles with each "
                    + "further failure, up to an hour (default: ${DEFAULT-VALUE}).")
    java.time.Duration firstRetry = java.time.Duration.ofSeconds(30);

    @Option(names = "--mail-give-up-after", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_MAIL_GIVE_UP_AFTER:-2d}",
            description = "How long a mail is retried before it is marked failed (default: ${DEFAULT-VALUE}).")
    java.time.Duration giveUpAfter = MailSettings.DEFAULT_GIVE_UP_AFTER;

    MailSettings settings() {
        if (firstRetry.isNegative() || firstRetry.isZero() || giveUpAfter.isNegative() || giveUpAfter.isZero()) {
            throw new IllegalArgumentException("--mail-retry and --mail-give-up-after must be positive");
        }
        MailSettings settings = MailSettings.of(smtpUrl, from, replyMailbox, notifyStaff);
        java.time.Duration max = firstRetry.compareTo(java.time.Duration.ofHours(1)) > 0 ? firstRetry : java.time.Duration.ofHours(1);
        return settings.retries(firstRetry, max, giveUpAfter);
    }
}
