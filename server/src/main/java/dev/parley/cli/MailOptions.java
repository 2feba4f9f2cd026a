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
                    + "plus-addressed with a signed token (support+<token>@example.com). Default: none (no Reply-To).")
    String replyMailbox;

    @Option(names = "--notify-staff", defaultValue = "${env:PARLEY_NOTIFY_STAFF:-assignee-followers-all}",
            paramLabel = "WHO",
            description = "Which staff get new conversations and customer messages: assignee-followers-all (the "
                    + "assignee, else the category's followers, else every active employee), assignee-followers "
                    + "(the assignee, else the followers, else nobody) or none. Default: ${DEFAULT-VALUE}.")
    String notifyStaff = "assignee-followers-all";

    MailSettings settings() {
        return MailSettings.of(smtpUrl, from, replyMailbox, notifyStaff);
    }
}
