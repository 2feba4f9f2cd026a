package dev.parley.bench.curves;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.bench.BenchPaths;
import dev.parley.bench.http.LoadOptions;
import dev.parley.bench.http.Request;
import dev.parley.bench.http.Scenario;
import dev.parley.bench.http.WrkResult;
import dev.parley.bench.http.WrkRunner;
import dev.parley.bench.targets.BenchTargets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code parley bench curves}: Parley's throughput and p99 against concurrency (1, 2, 4, … up to
 * --max-connections) and, given several stores, against store size; PNG charts and a JSON file.
 */
@Command(name = "curves", mixinStandardHelpOptions = true,
        description = "Throughput and p99 against connections (and store size): PNG charts into docs/.")
public final class CurvesCommand implements Callable<Integer> {
    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);

    @Option(names = "--scenario", required = true, description = "One scenario (see bench http --help).")
    String scenarioName;

    @Option(names = "--store", description = "LABEL=DIR or LABEL=JDBC_URL, repeated, smallest first (e.g. 10k=/work/bench-data/sqlite-10k); "
            + "default: the store of --url / --data-dir / --database-url.")
    Map<String, String> stores = new LinkedHashMap<>();

    @Option(names = "--url", description = "A running Parley instead of starting one (single store only).")
    String url;

    @Mixin
    LoadOptions load = new LoadOptions();

    @Option(names = "--max-connections", defaultValue = "256", description = "Largest connection count (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--size-connections", defaultValue = "32",
            description = "Connection count of the store-size chart (default: ${DEFAULT-VALUE}).")
    int sizeConnections;

    @Option(names = "--charts", description = "Directory for the PNG charts (default: docs/).")
    Path charts;

    @Option(names = "--results", description = "Results directory for the JSON (default: bench/results).")
    Path results;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        Scenario scenario = Scenario.of(scenarioName);
        List<Integer> levels = Concurrency.levels(maxConnections);
        if (!levels.contains(sizeConnections)) {
            levels = new ArrayList<>(levels);
            levels.add(sizeConnections);
            levels.sort(null);
        }
        List<Point> points = new ArrayList<>();
        if (stores.isEmpty()) {
            points.addAll(measure(scenario, defaultLabel(), url, levels));
        } else {
            Path dataDir = load.dataDir;
            for (Map.Entry<String, String> store : stores.entrySet()) {
                if (store.getValue().startsWith("jdbc:")) {
                    load.databaseUrl = store.getValue();
                    load.dataDir = dataDir; // its targets: --targets, or bench-credentials.json in --data-dir
                } else {
                    load.databaseUrl = null;
                    load.dataDir = Path.of(store.getValue());
                }
                points.addAll(measure(scenario, store.getKey(), null, levels));
            }
        }
        Path chartDir = charts != null ? charts : BenchPaths.root().resolve("docs");
        List<Path> files = new ArrayList<>(CurveCharts.drawConcurrency(scenario.cliName(), points, chartDir));
        if (stores.size() > 1) {
            files.addAll(CurveCharts.drawStoreSize(scenario.cliName(),
                    points.stream().filter(p -> p.connections() == sizeConnections).toList(), chartDir));
        }
        Path json = writeJson(scenario, points);
        files.forEach(f -> System.err.println("bench: chart " + f));
        System.err.println("bench: results in " + json);
        return 0;
    }

    /** a short name for the chart legend: the data dir's name, or what the store is */
    private String defaultLabel() {
        if (url != null) {
            return "url";
        }
        if (load.databaseUrl != null) {
            return load.databaseUrl.startsWith("jdbc:postgresql") ? "postgresql" : "database";
        }
        return load.dataDir == null ? "store" : String.valueOf(load.dataDir.toAbsolutePath().normalize().getFileName());
    }

    /** per store, which search queries a search scenario sent (for the JSON) */
    private final Map<String, String> searchNotes = new java.util.LinkedHashMap<>();

    private List<Point> measure(Scenario scenario, String storeLabel, String parleyUrl, List<Integer> levels) {
        List<Point> points = new ArrayList<>();
        try (LoadOptions.Started parley = load.parley(parleyUrl)) {
            BenchTargets targets = load.targets(parley.url());
            List<Request> requests = load.requests(scenario, targets);
            String searches = load.searchNote(scenario, targets);
            if (searches != null) {
                System.err.println("bench: searches: " + searches);
                searchNotes.put(storeLabel, searches);
            }
            Path script = load.script(scenario, load.credential(scenario, targets, parley.url()), requests);
            WrkRunner wrk = load.wrk();
            System.err.printf("bench: %s on %s: warm-up%n", scenario.cliName(), storeLabel);
            wrk.run(script, parley.url(), Math.min(32, maxConnections), load.duration);
            System.out.printf(Locale.ROOT, "%-12s %11s %11s %10s %8s%n", "store", "connections", "req/s", "p99 ms", "errors");
            for (int connections : levels) {
                WrkResult r = wrk.run(script, parley.url(), connections, load.duration);
                Point point = new Point(storeLabel, connections, r.throughput(), r.p99Micros(), r.errors());
                points.add(point);
                System.out.printf(Locale.ROOT, "%-12s %11d %11.0f %10.2f %8d%n", storeLabel, connections, point.throughput(),
                        point.p99Micros() / 1000, point.errors());
            }
        }
        return points;
    }

    private Path writeJson(Scenario scenario, List<Point> points) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("at", Instant.now().toString()).put("scenario", scenario.cliName())
                .put("durationSeconds", load.duration.toSeconds()).put("threads", load.threads);
        if (!searchNotes.isEmpty()) {
            ObjectNode notes = doc.putObject("searches");
            searchNotes.forEach(notes::put);
        }
        ArrayNode array = doc.putArray("points");
        points.forEach(p -> array.add(Json.MAPPER.<ObjectNode>valueToTree(p)));
        Path dir = results != null ? results : BenchPaths.root().resolve("bench/results");
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("curves-" + scenario.cliName() + "-" + STAMP.format(Instant.now()) + ".json");
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
