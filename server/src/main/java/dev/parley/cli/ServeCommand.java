package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.storage.DatabaseTimeouts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code parley serve}: runs the HTTP API until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Run the Parley HTTP API.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Attachments:%n")
    FileOptions files = new FileOptions();

    @Mixin
    WebhookOptions webhooks = new WebhookOptions();

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "E-mail notifications:%n")
    MailOptions mail = new MailOptions();

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Answering by e-mail:%n")
    InboundMailOptions inboundMail = new InboundMailOptions();

    @Option(names = "--host", defaultValue = "${env:PARLEY_HOST:-127.0.0.1}", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:PARLEY_PORT:-8080}", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--demo", description = "In an empty store, create demo customers, users and tokens (written to <data-dir>/demo-credentials.json).")
    boolean demo;

    @Option(names = "--rate-limit", defaultValue = "${env:PARLEY_RATE_LIMIT:-" + ParleyConfig.DEFAULT_RATE_LIMIT + "}",
            description = "Requests per token (or client address) per rate-limit window (default: ${DEFAULT-VALUE}).")
    long rateLimit;

    @Option(names = "--rate-limit-window", defaultValue = "${env:PARLEY_RATE_LIMIT_WINDOW:-60}",
            description = "Length of the rate-limit window in seconds (default: ${DEFAULT-VALUE}).")
    long rateLimitWindowSeconds;

    @Option(names = "--auth-failure-limit",
            defaultValue = "${env:PARLEY_AUTH_FAILURE_LIMIT:-" + ParleyConfig.DEFAULT_AUTH_FAILURE_LIMIT + "}",
            description = "Failed authentications (bad API, file access or upload tokens) per client address per "
                    + "rate-limit window; past it, requests with a credential from that address get 429 "
                    + "(default: ${DEFAULT-VALUE}).")
    long authFailureLimit;

    /**
     * Accepted so that existing command lines still start, and ignored: a read with
     * if-event-reached no longer waits (docs/OPERATIONS.md).
     */
    @Option(names = "--event-wait", hidden = true, description = "Ignored (reads no longer wait for an event).")
    Long ignoredEventWaitMillis;

    @Option(names = "--max-request-bytes", defaultValue = "" + ParleyConfig.DEFAULT_MAX_REQUEST_BYTES,
            description = "Largest accepted JSON request body (default: ${DEFAULT-VALUE}).")
    long maxRequestBytes;

    @Option(names = "--read-database-url", defaultValue = "${env:PARLEY_READ_DATABASE_URL}",
            description = "JDBC URL of a PostgreSQL streaming replica of --database-url; reads go to it once it "
                    + "has applied the event a request asks for (if-event-reached), otherwise to the primary.")
    String readDatabaseUrl;

    @Option(names = "--cors-origin", split = ",", defaultValue = "${env:PARLEY_CORS_ORIGINS}",
            description = "An origin (https://app.example.com) whose browser scripts may call the API; repeat or "
                    + "separate with commas; * allows any. Default: none (CORS off).")
    java.util.List<String> corsOrigins = new java.util.ArrayList<>();

    @Option(names = "--trusted-proxy", split = ",", defaultValue = "${env:PARLEY_TRUSTED_PROXIES}",
            description = "A reverse proxy (address, CIDR block or range) whose X-Forwarded-For gives the client "
                    + "address for rate limits; repeat or separate with commas. Default: none (the header is ignored).")
    java.util.List<String> trustedProxies = new java.util.ArrayList<>();

    @Option(names = "--statement-timeout", paramLabel = "MS",
            defaultValue = "${env:PARLEY_STATEMENT_TIMEOUT:-" + DatabaseTimeouts.DEFAULT_STATEMENT_MILLIS + "}",
            description = "PostgreSQL: the longest one SQL statement may run (statement_timeout) before the request "
                    + "answers 503; 0 for no limit (default: ${DEFAULT-VALUE} ms).")
    long statementTimeoutMillis;

    @Option(names = "--public-url", defaultValue = "${env:PARLEY_PUBLIC_URL}",
            description = "The URL users reach Parley at (https://desk.example.com); an https URL makes the "
                    + "session cookie Secure. Default: none (http).")
    String publicUrl;

    @Option(names = "--session-idle", converter = DurationConverter.class, defaultValue = "${env:PARLEY_SESSION_IDLE:-8h}",
            description = "A web desk session ends after this long without a request (default: ${DEFAULT-VALUE}).")
    Duration sessionIdle;

    @Option(names = "--session-max", converter = DurationConverter.class, defaultValue = "${env:PARLEY_SESSION_MAX:-30d}",
            description = "A web desk session ends this long after sign-in at the latest (default: ${DEFAULT-VALUE}).")
    Duration sessionMax;

    @Option(names = "--search-index", defaultValue = "${env:PARLEY_SEARCH_INDEX:-lucene}",
            description = "On a SQLite store: lucene (an index beside the database file, fast at any size) or database"
                    + " (SQLite's own FTS5 index; slow for frequent words in big stores). PostgreSQL always searches in"
                    + " the database. Default: ${DEFAULT-VALUE}.")
    SearchIndexChoice searchIndex;

    /** Where a SQLite store's searches are answered. */
    enum SearchIndexChoice { lucene, database }

    @Option(names = "--no-migrate", negatable = false,
            description = "Do not apply pending schema migrations on start; refuse an older schema instead "
                    + "(run `parley admin migrate` once, then start the nodes).")
    boolean noMigrate;

    @Option(names = "--metrics-port", defaultValue = "${env:PARLEY_METRICS_PORT}", paramLabel = "PORT",
            description = "Serve GET /metrics on this port only (not on --port); default: on the main port.")
    Integer metricsPort;

    @Option(names = "--metrics-token", defaultValue = "${env:PARLEY_METRICS_TOKEN}", paramLabel = "TOKEN",
            description = "Require `Authorization: Bearer TOKEN` on GET /metrics (401 otherwise); default: none.")
    String metricsToken;

    @Option(names = "--log-format", defaultValue = "${env:PARLEY_LOG_FORMAT:-text}",
            description = "All log output (stderr) as text lines or one JSON object per line: text or json "
                    + "(default: ${DEFAULT-VALUE}).")
    dev.parley.ops.LogFormat logFormat;

    @Override
    public Integer call() throws InterruptedException {
        logFormat.apply(); // before anything logs
        if (rateLimit < 1 || rateLimitWindowSeconds < 1 || authFailureLimit < 1) {
            throw new IllegalArgumentException("--rate-limit, --rate-limit-window and --auth-failure-limit must be at least 1");
        }
        // before the store is opened: a busy port is said at once
        ListenCheck.requireFree("--port", host, port);
        if (metricsPort != null) {
            if (port != 0 && metricsPort.intValue() == port) {
                throw new IllegalArgumentException("--metrics-port must differ from --port (" + port + ")");
            }
            ListenCheck.requireFree("--metrics-port", host, metricsPort);
        }
        ParleyConfig config = ParleyConfig.builder()
                .host(host).port(port).dataDir(store.dataDir).databaseUrl(store.databaseUrl).demo(demo)
                .readDatabaseUrl(readDatabaseUrl)
                .rateLimit(rateLimit, Duration.ofSeconds(rateLimitWindowSeconds))
                .authFailureLimit(authFailureLimit)
                .maxRequestBytes(maxRequestBytes)
                .files(files.settings())
                .mail(mail.settings())
                .migrate(!noMigrate)
                .corsOrigins(corsOrigins == null ? java.util.List.of() : corsOrigins)
                .trustedProxies(trustedProxies == null ? java.util.List.of() : trustedProxies)
                .databaseTimeouts(store.timeouts(Duration.ofMillis(statementTimeoutMillis)))
                .publicUrl(publicUrl).sessionIdle(sessionIdle).sessionMax(sessionMax)
                .luceneSearch(searchIndex == SearchIndexChoice.lucene)
                .webhooks(webhooks.settings())
                .inboundMail(inboundMail.settings(mail.replyMailbox))
                .operations(new dev.parley.ops.OperationsSettings(metricsPort, metricsToken))
                .build();
        Parley parley = Parley.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Parley stopping");
            parley.close();
            dev.parley.ops.LoggingDefaults.stop(); // last: writes the access lines still gathered
            stopped.countDown();
            // a requested stop is a clean exit, not "killed by SIGTERM" (143)
            Runtime.getRuntime().halt(0);
        }, "parley-shutdown"));
        parley.demoCredentials().ifPresent(ServeCommand::printDemo);
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        String url = "http://" + shownHost + ":" + parley.port();
        System.out.println(StartLine.summary(config, url));
        System.out.println("Parley listening on " + url);
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static void printDemo(JsonNode credentials) {
        System.out.println("Demo users: API token, and e-mail / password to sign in (one password for all; also in demo-credentials.json):");
        for (JsonNode user : credentials.path("users")) {
            System.out.printf("  %-16s %-16s %s%n", user.path("role").asText(), user.path("clearName").asText(),
                    user.path("token").asText());
            if (user.has("email")) {
                System.out.printf("  %-16s %-16s %s / %s%n", "", "", user.path("email").asText(),
                        user.path("password").asText());
            }
        }
    }
}
