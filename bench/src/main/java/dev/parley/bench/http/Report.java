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

    /** How a scenario was run. */
    public record Setup(String scenario, String role, int connections, int threads, long durationSeconds, int rounds,
                        String store, String command) {
    }

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

    private Summary find(String target) {
        return summaries.stream().filter(s -> s.target().equals(target)).findFirst().orElse(null);
    }

    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "scenario %s as %s: %d connections, %d thread(s), %d s per run, %d round(s), medians%n",
                setup.scenario(), setup.role(), setup.connections(), setup.threads(), setup.durationSeconds(), setup.rounds()));
        out.append(String.format(Locale.ROOT, "%-8s %11s %10s %10s %10s %8s%n", "target", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "errors"));
        for (Summary s : summaries) {
            out.append(String.format(Locale.ROOT, "%-8s %11.0f %10.2f %10.2f %10.2f %8d%n", s.target(), s.throughput(),
                    s.p50Micros() / 1000, s.p99Micros() / 1000, s.p999Micros() / 1000, s.errors()));
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
        md.append("| target | req/s | p50 ms | p99 ms | p99.9 ms | errors | Parley ÷ target (req/s) |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Summary s : summaries) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %d | %s |%n", s.target(), s.throughput(),
                    s.p50Micros() / 1000, s.p99Micros() / 1000, s.p999Micros() / 1000, s.errors(),
                    s.target().equals("parley") ? "1" : ratio(throughputRatio(s.target()))));
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
