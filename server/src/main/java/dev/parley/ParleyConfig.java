package dev.parley;

import java.nio.file.Path;
import java.time.Duration;

/** Everything a running Parley is configured with. */
public record ParleyConfig(
        String host,
        int port,
        Path dataDir,
        String databaseUrl,
        boolean demo,
        long rateLimitRequests,
        Duration rateLimitWindow,
        long eventWaitMillis,
        long maxRequestBytes) {

    public static final long DEFAULT_RATE_LIMIT = 6000;
    public static final long DEFAULT_EVENT_WAIT_MILLIS = 5000;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 1_048_576;

    /** The JDBC URL to use: the given one, else a SQLite file in the data directory. */
    public String effectiveDatabaseUrl() {
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            return databaseUrl;
        }
        return "jdbc:sqlite:" + dataDir.resolve("parley.db").toAbsolutePath();
    }
}
