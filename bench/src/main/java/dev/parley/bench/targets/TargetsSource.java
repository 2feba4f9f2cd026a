package dev.parley.bench.targets;

import dev.parley.api.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Finds the targets of a store: an explicit file, else the seeded store's bench-credentials.json,
 * else the demo data set made earlier, else a new demo data set made through the API from
 * demo-credentials.json (and remembered beside it, so the store is filled once). A file without
 * search queries (made before them, or the new demo set) gets them drawn from the store
 * ({@link SearchTerms}) and remembered in it.
 */
public final class TargetsSource {
    private TargetsSource() {
    }

    /** @param storeUrl JDBC URL of the store the targets are in, to draw search terms from; null when unknown */
    public static BenchTargets load(Path explicitFile, Path dataDir, String baseUrl, int demoConversations, String storeUrl) {
        Path file = file(explicitFile, dataDir, baseUrl, demoConversations);
        BenchTargets targets = TargetsFile.read(file);
        targets = targets.hasSearchQueries() ? targets : withSearchQueries(targets, file, storeUrl);
        return withWriteIds(targets, file, storeUrl);
    }

    /**
     * A seeded store's file lists a handful of the customer's conversations; the writing scenarios
     * spread over up to {@link WriteConversations#MAX} of them, drawn from the store once and
     * remembered in the file.
     */
    static BenchTargets withWriteIds(BenchTargets targets, Path file, String storeUrl) {
        if (!targets.writeIds().isEmpty() || targets.conversationIds().size() >= WriteConversations.MAX
                || storeUrl == null || !targets.tokens().containsKey(BenchTargets.Role.CUSTOMER)) {
            return targets;
        }
        List<String> ids = WriteConversations.draw(storeUrl, targets.token(BenchTargets.Role.CUSTOMER));
        if (ids.size() <= targets.conversationIds().size()) {
            return targets;
        }
        System.err.printf("bench: the writing scenarios write to %d of the customer's conversations (drawn from the store)%n",
                ids.size());
        try {
            TargetsFile.rememberWriteIds(file, ids);
        } catch (UncheckedIOException e) {
            System.err.println("bench: could not remember them in " + file + ": " + e.getMessage());
        }
        return targets.withWriteIds(ids);
    }

    private static Path file(Path explicitFile, Path dataDir, String baseUrl, int demoConversations) {
        if (explicitFile != null) {
            return explicitFile;
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("give --targets FILE or --data-dir (with bench-credentials.json or demo-credentials.json)");
        }
        Path seeded = dataDir.resolve(TargetsFile.SEEDED);
        if (Files.isRegularFile(seeded)) {
            return seeded;
        }
        Path demoTargets = dataDir.resolve(TargetsFile.DEMO);
        if (Files.isRegularFile(demoTargets)) {
            return demoTargets;
        }
        Path demo = dataDir.resolve("demo-credentials.json");
        if (!Files.isRegularFile(demo)) {
            throw new IllegalArgumentException("neither " + seeded + " nor " + demo + " exists");
        }
        try {
            System.err.printf("bench: making a demo data set of %d conversations through the API%n", demoConversations);
            BenchTargets targets = DemoDataSet.create(baseUrl, Json.MAPPER.readTree(Files.readString(demo)),
                    demoConversations);
            TargetsFile.write(targets, demoTargets);
            return demoTargets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Draws the search queries from the store and writes them into {@code file} for next time. */
    static BenchTargets withSearchQueries(BenchTargets targets, Path file, String storeUrl) {
        if (storeUrl == null) {
            System.err.println("bench: " + file + " has no search queries and the store is unknown (give --data-dir or"
                    + " --database-url): the search scenarios send its one word and phrase");
            return targets;
        }
        long start = System.nanoTime();
        Map<BenchTargets.Role, List<SearchQuery>> queries = SearchTerms.forTokens(storeUrl, targets.tokens());
        System.err.printf("bench: search queries drawn from the store in %.1f s%n", (System.nanoTime() - start) / 1e9);
        if (queries.isEmpty()) {
            System.err.println("bench: none of the tokens of " + file + " is in the store " + storeUrl
                    + ": the search scenarios send its one word and phrase");
            return targets;
        }
        try {
            TargetsFile.remember(file, queries);
        } catch (UncheckedIOException e) {
            System.err.println("bench: could not remember the search queries in " + file + ": " + e.getMessage());
        }
        return targets.withSearchQueries(queries);
    }
}
