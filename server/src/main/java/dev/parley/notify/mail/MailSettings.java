package dev.parley.notify.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.time.Duration;

/**
 * Notification mails ({@code parley serve --smtp-url …}); {@link #disabled()} without an SMTP
 * server: then nothing is queued or sent.
 *
 * @param smtp          where mails are handed over, or null (mails off)
 * @param from          the From address ({@code Parley Support <support@example.com>})
 * @param replyMailbox  the mailbox replies go to, plus-addressed per conversation and recipient; null: no Reply-To
 * @param staff         which staff hear of new conversations and customer messages
 * @param giveUpAfter   how long a mail is retried before it is marked failed
 * @param firstRetry    the delay before the first retry; each further one doubles, up to {@code maxRetryDelay}
 * @param maxRetryDelay the longest delay between two attempts
 * @param lease         how long a node owns the mails it claimed (another takes them over after)
 * @param fileLinkTtl   how long the attachment links in a mail work
 */
public record MailSettings(SmtpUrl smtp, InternetAddress from, String replyMailbox, StaffNotice staff,
                           Duration giveUpAfter, Duration firstRetry, Duration maxRetryDelay, Duration lease,
                           Duration fileLinkTtl) {

    public static final Duration DEFAULT_GIVE_UP_AFTER = Duration.ofDays(2);
    public static final Duration DEFAULT_FILE_LINK_TTL = Duration.ofDays(7);

    /** Which staff get new conversations and customer messages. */
    public enum StaffNotice {
        /** the assignee; else the category's followers; else every active employee */
        ASSIGNEE_FOLLOWERS_ALL("assignee-followers-all"),
        /** the assignee; else the category's followers; else nobody */
        ASSIGNEE_FOLLOWERS("assignee-followers"),
        /** no staff mails */
        NONE("none");

        private final String option;

        StaffNotice(String option) {
            this.option = option;
        }

        public String option() {
            return option;
        }

        public static StaffNotice of(String option) {
            for (StaffNotice n : values()) {
                if (n.option.equals(option)) {
                    return n;
                }
            }
            throw new IllegalArgumentException("--notify-staff must be assignee-followers-all, assignee-followers or none");
        }
    }

    public static MailSettings disabled() {
        return new MailSettings(null, null, null, StaffNotice.ASSIGNEE_FOLLOWERS_ALL, DEFAULT_GIVE_UP_AFTER,
                Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(5), DEFAULT_FILE_LINK_TTL);
    }

    /** Mails on, with the defaults for retries and leases. */
    public static MailSettings of(String smtpUrl, String from, String replyMailbox, String staff) {
        if (smtpUrl == null || smtpUrl.isBlank()) {
            return disabled();
        }
        if (from == null || from.isBlank()) {
            throw new IllegalArgumentException("--mail-from is required with --smtp-url (\"Parley Support <support@example.com>\")");
        }
        return disabled().with(SmtpUrl.parse(smtpUrl), address("--mail-from", from),
                replyMailbox == null || replyMailbox.isBlank() ? null : address("--reply-mailbox", replyMailbox).getAddress(),
                StaffNotice.of(staff == null ? StaffNotice.ASSIGNEE_FOLLOWERS_ALL.option() : staff));
    }

    private MailSettings with(SmtpUrl smtp, InternetAddress from, String replyMailbox, StaffNotice staff) {
        return new MailSettings(smtp, from, replyMailbox, staff, giveUpAfter, firstRetry, maxRetryDelay, lease, fileLinkTtl);
    }

    /** The same settings with other retry timing (tests shorten it). */
    public MailSettings retries(Duration firstRetry, Duration maxRetryDelay, Duration giveUpAfter) {
        return new MailSettings(smtp, from, replyMailbox, staff, giveUpAfter, firstRetry, maxRetryDelay, lease, fileLinkTtl);
    }

    public boolean enabled() {
        return smtp != null;
    }

    /**
     * The domain Message-IDs end in: the reply mailbox's when there is one, else the From
     * address's. The reader of replies knows a mail of Parley's own (a loop) by it.
     */
    public String domain() {
        String a = replyMailbox != null && !replyMailbox.isBlank() ? replyMailbox.strip() : from.getAddress();
        return a.substring(a.lastIndexOf('@') + 1);
    }

    static InternetAddress address(String option, String text) {
        try {
            InternetAddress a = new InternetAddress(text.strip(), true);
            if (a.getAddress() == null || a.getAddress().lastIndexOf('@') <= 0) {
                throw new AddressException("no domain");
            }
            return a;
        } catch (AddressException e) {
            throw new IllegalArgumentException(option + " is not a mail address: " + text);
        }
    }
}
