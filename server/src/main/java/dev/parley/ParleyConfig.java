package dev.parley;

import java.nio.file.Path;
import java.time.Duration;

/** Everything a running Parley is configured with. */
public record ParleyConfig(
        String host,
        int port,
        Path dataDir,
        String databaseUrl,
        String readDatabaseUrl,
        boolean demo,
        long rateLimitRequests,
        Duration rateLimitWindow,
        long authFailureLimit,
        long maxRequestBytes,
        dev.parley.file.FileSettings files,
        boolean migrate,
        java.util.List<String> corsOrigins,
        java.util.List<String> trustedProxies,
        dev.parley.storage.DatabaseTimeouts databaseTimeouts,
        String publicUrl,
        Duration sessionIdle,
        Duration sessionMax,
        dev.parley.account.SignInLimits signInLimits,
        dev.parley.events.stream.StreamSettings streams,
        boolean luceneSearch,
        dev.parley.webhook.WebhookSettings webhooks,
        dev.parley.notify.mail.MailSettings mail,
        dev.parley.notify.inbound.InboundMailSettings inboundMail,
        dev.parley.ops.OperationsSettings operations) {

    public static final long DEFAULT_RATE_LIMIT = 6000;
    /** Failed authentications per client address per rate-limit window. */
    public static final long DEFAULT_AUTH_FAILURE_LIMIT = 30;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1_048_576;

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a configuration from the defaults of {@code parley serve}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path dataDir = Path.of("data");
        private String databaseUrl;
        private String readDatabaseUrl;
        private boolean demo;
        private long rateLimitRequests = DEFAULT_RATE_LIMIT;
        private Duration rateLimitWindow = Duration.ofMinutes(1);
        private long authFailureLimit = DEFAULT_AUTH_FAILURE_LIMIT;
        private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private dev.parley.file.FileSettings files = dev.parley.file.FileSettings.defaults();
        private boolean migrate = true;
        private java.util.List<String> corsOrigins = java.util.List.of();
        private java.util.List<String> trustedProxies = java.util.List.of();
        private dev.parley.storage.DatabaseTimeouts databaseTimeouts = dev.parley.storage.DatabaseTimeouts.SERVE;
        private String publicUrl;
        private boolean luceneSearch = true;
        private dev.parley.notify.inbound.InboundMailSettings inboundMail = dev.parley.notify.inbound.InboundMailSettings.off();
        private Duration sessionIdle = dev.parley.account.SessionSettings.DEFAULT_IDLE;
        private Duration sessionMax = dev.parley.account.SessionSettings.DEFAULT_MAX;
        private dev.parley.account.SignInLimits signInLimits = dev.parley.account.SignInLimits.DEFAULT;
        private dev.parley.events.stream.StreamSettings streams = dev.parley.events.stream.StreamSettings.defaults();
        private dev.parley.webhook.WebhookSettings webhooks = dev.parley.webhook.WebhookSettings.defaults();
        private dev.parley.notify.mail.MailSettings mail = dev.parley.notify.mail.MailSettings.disabled();
        private dev.parley.ops.OperationsSettings operations = dev.parley.ops.OperationsSettings.defaults();

        public Builder host(String value) { host = value; return this; }
        public Builder port(int value) { port = value; return this; }
        public Builder dataDir(Path value) { dataDir = value; return this; }
        public Builder databaseUrl(String value) { databaseUrl = value; return this; }
        /** A PostgreSQL streaming replica of {@code databaseUrl} that may answer reads. */
        public Builder readDatabaseUrl(String value) { readDatabaseUrl = value; return this; }
        public Builder demo(boolean value) { demo = value; return this; }
        public Builder rateLimit(long requests, Duration window) { rateLimitRequests = requests; rateLimitWindow = window; return this; }
        /** Failed authentications a client address may make per rate-limit window before it is refused (429). */
        public Builder authFailureLimit(long failures) { authFailureLimit = failures; return this; }
        public Builder maxRequestBytes(long value) { maxRequestBytes = value; return this; }
        public Builder files(dev.parley.file.FileSettings value) { files = value; return this; }
        public dev.parley.file.FileSettings files() { return files; }
        /** Whether start-up applies pending migrations (default) or refuses an older schema ({@code --no-migrate}). */
        public Builder migrate(boolean value) { migrate = value; return this; }

        /** Origins allowed to call the API from a browser (CORS); none by default. */
        public Builder corsOrigins(java.util.List<String> value) { corsOrigins = java.util.List.copyOf(value); return this; }
        /** Reverse proxies whose X-Forwarded-For is believed (addresses, CIDR blocks, ranges). */
        public Builder trustedProxies(java.util.List<String> value) { trustedProxies = java.util.List.copyOf(value); return this; }

        /** How long a request waits for a database lock (and, on PostgreSQL, for one statement). */
        public Builder databaseTimeouts(dev.parley.storage.DatabaseTimeouts value) { databaseTimeouts = value; return this; }

        /** The URL users reach Parley at ({@code --public-url}): links in invitations; https makes cookies Secure. */
        public Builder publicUrl(String value) { publicUrl = value; return this; }
        /** A web desk session ends after this long without a request ({@code --session-idle}). */
        public Builder sessionIdle(Duration value) { sessionIdle = value; return this; }
        /** A web desk session ends this long after sign-in at the latest ({@code --session-max}). */
        public Builder sessionMax(Duration value) { sessionMax = value; return this; }
        /** Failed sign-ins allowed per account and per client address. */
        public Builder signInLimits(dev.parley.account.SignInLimits value) { signInLimits = value; return this; }

        /** Live event streams (GET /v2/events): heartbeat period and how many may be open. */
        public Builder streams(dev.parley.events.stream.StreamSettings value) { streams = value; return this; }
        public dev.parley.events.stream.StreamSettings streams() { return streams; }

        /** On a SQLite store, search through the Lucene index beside it (true) or the database's FTS5 index ({@code --search-index}). */
        public Builder luceneSearch(boolean value) { luceneSearch = value; return this; }

        /** Webhook delivery: addresses allowed although private, retries, timeouts. */
        public Builder webhooks(dev.parley.webhook.WebhookSettings value) { webhooks = value; return this; }
        public dev.parley.webhook.WebhookSettings webhooks() { return webhooks; }
        /** Notification mails over SMTP ({@code --smtp-url}, {@code --mail-from} …); off by default. */
        public Builder mail(dev.parley.notify.mail.MailSettings value) { mail = value; return this; }
        public dev.parley.notify.mail.MailSettings mail() { return mail; }
        /** Answering by e-mail: the reply mailbox read over IMAP ({@code --imap-url}, {@code --reply-mailbox}); off by default. */
        public Builder inboundMail(dev.parley.notify.inbound.InboundMailSettings value) { inboundMail = value; return this; }

        /** Where and how metrics are served ({@code --metrics-port}, {@code --metrics-token}). */
        public Builder operations(dev.parley.ops.OperationsSettings value) { operations = value; return this; }

        public ParleyConfig build() {
            return new ParleyConfig(host, port, dataDir, databaseUrl, readDatabaseUrl, demo, rateLimitRequests, rateLimitWindow,
                    authFailureLimit, maxRequestBytes, files, migrate, corsOrigins, trustedProxies, databaseTimeouts,
                    publicUrl, sessionIdle, sessionMax, signInLimits, streams, luceneSearch, webhooks, mail, inboundMail,
                    operations);
        }
    }

    /** The JDBC URL to use: the given one, else a SQLite file in the data directory. */
    public String effectiveDatabaseUrl() {
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            return databaseUrl;
        }
        return "jdbc:sqlite:" + dataDir.resolve("parley.db").toAbsolutePath();
    }
}
