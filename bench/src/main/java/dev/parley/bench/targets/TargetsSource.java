package dev.parley.bench.targets;

import dev.parley.api.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the targets of a store: an explicit file, else the seeded store's bench-credentials.json,
 * else the demo data set made earlier, else a new demo data set made through the API from
 * demo-credentials.json (and remembered beside it, so the store is filled once).
 */
public final class TargetsSource {
    private TargetsSource() {
    }

    public static BenchTargets load(Path explicitFile, Path dataDir, String baseUrl, int demoConversations) {
        if (explicitFile != null) {
            return TargetsFile.read(explicitFile);
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("give --targets FILE or --data-dir (with bench-credentials.json or demo-credentials.json)");
        }
        Path seeded = dataDir.resolve(TargetsFile.SEEDED);
        if (Files.isRegularFile(seeded)) {
            return TargetsFile.read(seeded);
        }
        Path demoTargets = dataDir.resolve(TargetsFile.DEMO);
        if (Files.isRegularFile(demoTargets)) {
            return TargetsFile.read(demoTargets);
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
            return targets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
