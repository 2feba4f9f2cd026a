package dev.parley.bench.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.bench.http.Alternation.Summary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one scenario: a table on the terminal, a JSON file with every run, and the same
 * table appended to a markdown file in the results directory (for docs/BENCHMARKS.md to cite).
 */
public final class Report {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * How a scenario was run.
     *
     * @param pageBytes for a desk page: the size of Parley's captured answer; null for an API scenario
     * @param searches  for a search scenario: which queries it rotated over, of which kinds; null otherwise
     */
    public record Setup(String scenario, String role, int connections, int threads, long durationSeconds, int rounds,
                        String store, String command, Integer pageBytes, String searches) {
        public Setup(String scenario, String role, int connections, int threads, long durationSeconds, int rounds,
                     String store, String command) {
            this(scenario, role, connections, threads, durationSeconds, rounds, store, command, null, null);
        }

        public Setup(String scenario, String role, int connections, int threads, long durationSeconds, int rounds,
                     String store, String command, Integer pageBytes) {
            this(scenario, role, connections, threads, durationSeconds, rounds, store, command, pageBytes, null);
        }
    }

    /** The desk's targets of issue #13: a page's server time at p99, and its size before images. */
    public static final double PAGE_P99_MILLIS = 50;
    public static final int PAGE_MAX_BYTES = 100_000;
    static final String PAGE_TARGETS = "targets (issue #13): p99 ≤ 50 ms server time (measure at 1 connection), page < 100 KB before images";

    /** One measured run, in the order it ran. */
    public record Run(int round, String target, WrkResult result) {
    }

    private final Setup setup;
    private final List<Summary> summaries;
    private final List<Run> runs;
    private final Instant at;

    public Report(Setup setup, List<Summary> summaries, List<Run> runs, Instant at) {
        this.setup = setup;
        this.summaries = List.copyOf(summaries);
        this.runs = List.copyOf(runs);
        this.at = at;
    }

    /** Throughput of Parley divided by the named target's; NaN when either is missing. */
    public double throughputRatio(String target) {
        Summary parley = find("parley");
        Summary other = find(target);
        return parley == null || other == null || other.throughput() == 0 ? Double.NaN
                : parley.throughput() / other.throughput();
    }

    /** Whether Parley's p99 and the page's size meet the desk's targets; empty for an API scenario or without a Parley run. */
    public java.util.Optional<Boolean> meetsPageTargets() {
        Summary parley = find("parley");
        if (setup.pageBytes() == null || parley == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(parley.p99Micros() / 1000 <= PAGE_P99_MILLIS && setup.pageBytes() < PAGE_MAX_BYTES);
    }

    /** the check column: Parley's row only (the references serve the same bytes, and are not the desk) */
    private String check(Summary s) {
        return s.target().equals("parley") ? meetsPageTargets().map(m -> m ? "meets" : "misses").orElse("–") : "–";
    }

    private boolean page() {
        return setup.pageBytes() != null;
    }

    private Summary find(String target) {
        return summaries.stream().filter(s -> s.target().equals(target)).findFirst().orElse(null);
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "scenario %s as %s: %d connections, %d thread(s), %d s per run, %d round(s), medians%n",
                setup.scenario(), setup.role(), setup.connections(), setup.threads(), setup.durationSeconds(), setup.rounds()));
        if (setup.searches() != null) {
            out.append("searches: ").append(setup.searches()).append(System.lineSeparator());
        }
        out.append(String.format(Locale.ROOT, "%-8s %11s %10s %10s %10s %8s", "target", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "errors"));
        out.append(page() ? String.format(Locale.ROOT, " %9s %7s%n", "bytes", "check") : System.lineSeparator());
        for (Summary s : summaries) {
            out.append(String.format(Locale.ROOT, "%-8s %11.0f %10.2f %10.2f %10.2f %8d", s.target(), s.throughput(),
                    s.p50Micros() / 1000, s.p99Micros() / 1000, s.p999Micros() / 1000, s.errors()));
            out.append(page() ? String.format(Locale.ROOT, " %9d %7s%n", setup.pageBytes(), check(s)) : System.lineSeparator());
        }
        if (page()) {
            out.append(PAGE_TARGETS).append(System.lineSeparator());
        }
        out.append(String.format(Locale.ROOT, "Parley/nginx %s   Parley/Prism %s (throughput)%n",
                ratio(throughputRatio("nginx")), ratio(throughputRatio("prism"))));
        return out.toString();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%n### %s — %s%n%n", setup.scenario(), STAMP.format(at)));
        md.append(String.format(Locale.ROOT, "As %s; %d connections, %d wrk thread(s), %d s per run, %d alternated round(s), medians; store: %s.%n%n",
                setup.role(), setup.connections(), setup.threads(), setup.durationSeconds(), setup.rounds(), setup.store()));
        md.append("`").append(setup.command()).append("`\n\n");
        if (setup.searches() != null) {
            md.append("Searches: ").append(setup.searches()).append(".\n\n");
        }
        md.append("| target | req/s | p50 ms | p99 ms | p99.9 ms | errors | Parley ÷ target (req/s) |")
                .append(page() ? " bytes | check |\n" : "\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |").append(page() ? " ---: | --- |\n" : "\n");
        for (Summary s : summaries) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %d | %s |", s.target(), s.throughput(),
                    s.p50Micros() / 1000, s.p99Micros() / 1000, s.p999Micros() / 1000, s.errors(),
                    s.target().equals("parley") ? "1" : ratio(throughputRatio(s.target()))));
            md.append(page() ? String.format(Locale.ROOT, " %d | %s |%n", setup.pageBytes(), check(s)) : "\n");
        }
        if (page()) {
            md.append("\n").append(PAGE_TARGETS.substring(0, 1).toUpperCase(Locale.ROOT)).append(PAGE_TARGETS.substring(1)).append(".\n");
        }
        return md.toString();
    }

    public ObjectNode json() {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("at", at.toString());
        doc.set("setup", Json.MAPPER.valueToTree(setup));
        ArrayNode summaryNodes = doc.putArray("summaries");
        summaries.forEach(s -> summaryNodes.add(Json.MAPPER.<ObjectNode>valueToTree(s)));
        ObjectNode ratios = doc.putObject("parleyThroughputRatio");
        for (String target : List.of("nginx", "prism")) {
            double r = throughputRatio(target);
            if (!Double.isNaN(r)) {
                ratios.put(target, r);
            }
        }
        meetsPageTargets().ifPresent(m -> doc.put("meetsPageTargets", m));
        ArrayNode runNodes = doc.putArray("runs");
        for (Run run : runs) {
            ObjectNode node = runNodes.addObject().put("round", run.round()).put("target", run.target());
            node.set("wrk", Json.MAPPER.valueToTree(run.result()));
            node.put("throughput", run.result().throughput());
        }
        return doc;
    }

    /** Writes http-SCENARIO-STAMP.json and appends to http.md in {@code dir}; returns the JSON file. */
    public Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve("http-" + setup.scenario() + "-" + STAMP.format(at) + ".json");
            Files.writeString(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json()));
            Files.writeString(dir.resolve("http.md"), markdown(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String ratio(double r) {
        return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%.3f", r);
    }
}
