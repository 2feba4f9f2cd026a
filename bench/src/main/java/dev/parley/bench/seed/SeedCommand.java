package dev.parley.bench.seed;

import dev.parley.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code parley bench seed}: fills an empty store with synthetic conversations (docs/BENCHMARKS.md). */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = {"Fills an empty store (SQLite data directory or PostgreSQL database) with synthetic customers,"
                + " users, projects and conversations, deterministically from --seed, and writes API tokens and"
                + " sample ids for the load tool to bench-credentials.json."})
public final class SeedCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "./data",
            description = "Data directory of the SQLite store (default: ${DEFAULT-VALUE}); ignored with --database-url.")
    Path dataDir;

    @Option(names = "--database-url", description = "JDBC URL of a PostgreSQL (or SQLite) store instead of --data-dir.")
    String databaseUrl;

    @Option(names = "--conversations", defaultValue = "10000", description = "Conversations (default: ${DEFAULT-VALUE}).")
    int conversations;

    @Option(names = "--customers", description = "Customers (default: one per ten conversations).")
    Integer customers;

    @Option(names = "--messages", defaultValue = "5", description = "Messages per conversation on average (default: ${DEFAULT-VALUE}).")
    double messages;

    @Option(names = "--words", defaultValue = "22", description = "Median words per message (default: ${DEFAULT-VALUE}).")
    int words;

    @Option(names = "--customer-skew", defaultValue = "1.0",
            description = "Zipf exponent of conversations per customer (default: ${DEFAULT-VALUE}).")
    double skew;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--credentials", description = "Where to write the credentials (default: <data-dir>/bench-credentials.json).")
    Path credentials;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        String url = databaseUrl != null && !databaseUrl.isBlank() ? databaseUrl
                : "jdbc:sqlite:" + dataDir.resolve("parley.db").toAbsolutePath();
        SeedSettings settings = new SeedSettings(conversations,
                customers != null ? customers : SeedSettings.defaultCustomers(conversations), messages, seed,
                SeedSettings.DEFAULT_UNTIL, skew, words);
        long start = System.nanoTime();
        Seeder.Result result = new Seeder(settings, url, System.err, !noProgress).run();
        Path out = credentials != null ? credentials : dataDir.resolve("bench-credentials.json");
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.write(out, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(result.credentials()));
        System.err.printf("seed: done in %.1f s: %s; credentials in %s%n", (System.nanoTime() - start) / 1e9,
                result.credentials().get("counts"), out.toAbsolutePath());
        return 0;
    }
}
