package dev.parley.bench.http;

import dev.parley.bench.BenchPaths;
import dev.parley.bench.targets.BenchTargets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code parley bench http}: one or more scenarios against Parley, nginx serving Parley's bytes
 * (the ceiling) and Prism mocking the contract, alternated round by round with identical wrk
 * settings; prints a table per scenario and writes it to the results directory.
 */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = "HTTP load (wrk) against Parley beside nginx (ceiling) and Prism (contract mock).")
public final class HttpCommand implements Callable<Integer> {
    @Option(names = "--scenario", required = true, split = ",",
            description = "Scenario(s), comma separated, or all: get-conversation, list-customer, list-staff, "
                    + "list-customer-deep, list-staff-deep, queue-staff, "
                    + "search-customer, search-staff, create-message, mixed; the desk's pages (signed in, demo store): "
                    + "page-customer-list, page-conversation, page-queue, page-staff-conversation.")
    List<String> scenarios;

    @Option(names = "--url", description = "A running Parley (its rate limit must allow the load); default: start one.")
    String url;

    @Mixin
    LoadOptions load = new LoadOptions();

    @Option(names = "--rounds", defaultValue = "2", description = "Alternated rounds per target (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "One unrecorded run per target before the rounds (default: ${DEFAULT-VALUE}; 0s for none).")
    Duration warmup;

    @Option(names = "--references", split = ",", defaultValue = "nginx,prism",
            description = "Which references run beside Parley: nginx, prism, or none (default: ${DEFAULT-VALUE}).")
    List<String> references;

    @Option(names = "--nginx", defaultValue = "nginx", description = "The nginx binary (default: ${DEFAULT-VALUE}).")
    String nginx;

    @Option(names = "--prism", description = "The Prism binary (default: bench/node_modules/.bin/prism).")
    Path prism;

    @Option(names = "--results", description = "Results directory (default: bench/results).")
    Path results;

    @Override
    public Integer call() {
        List<Scenario> chosen = chosen(scenarios);
        LoadOptions.Started parley = load.parley(url);
        List<Target> started = new ArrayList<>();
        try {
            BenchTargets targets = load.targets(parley.url());
            // Prism mocks the API's contract: only API scenarios run beside it
            if (references.contains("prism") && chosen.stream().anyMatch(Scenario::inContract)) {
                started.add(PrismMock.start(prism != null ? prism : BenchPaths.root().resolve("bench/node_modules/.bin/prism")));
            }
            // sign in for the desk's pages before the first run: a store without passwords is refused at once
            chosen.stream().filter(Scenario::page).forEach(s -> load.credential(s, targets, parley.url()));
            Path dir = results != null ? results : BenchPaths.root().resolve("bench/results");
            for (Scenario scenario : chosen) {
                runScenario(scenario, targets, parley, started, dir);
            }
            return 0;
        } finally {
            started.forEach(Target::close);
            parley.close();
        }
    }

    private void runScenario(Scenario scenario, BenchTargets targets, LoadOptions.Started parley, List<Target> shared, Path dir) {
        BenchTargets.Role role = load.role(scenario);
        Credential credential = load.credential(scenario, targets, parley.url());
        List<Request> requests = load.requests(scenario, targets);
        Capture capture = Capture.of(new ApiClient(parley.url()), credential, requests);
        Path script = load.script(scenario, credential, requests);

        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("parley", parley.url());
        NginxCeiling ceiling = references.contains("nginx") ? NginxCeiling.start(nginx, capture.readBody(), capture.writeBody(),
                scenario.page() ? "text/html; charset=utf-8" : "application/json") : null;
        try {
            if (ceiling != null) {
                urls.put(ceiling.name(), ceiling.baseUrl());
            }
            // Prism mocks the API's contract; the desk's pages and Parley's own operations are not in it
            shared.stream().filter(t -> scenario.inContract() || !t.name().equals("prism")).forEach(t -> urls.put(t.name(), t.baseUrl()));
            WrkRunner wrk = load.wrk();
            if (!warmup.isZero()) {
                urls.forEach((name, base) -> {
                    System.err.printf("bench: %s warm-up on %s (%d s)%n", scenario.cliName(), name, warmup.toSeconds());
                    wrk.run(script, base, load.connections, warmup);
                });
            }
            List<Report.Run> runs = new ArrayList<>();
            for (Alternation.Slot slot : Alternation.schedule(List.copyOf(urls.keySet()), rounds)) {
                System.err.printf("bench: %s round %d on %s (%d s)%n", scenario.cliName(), slot.round(), slot.target(), load.duration.toSeconds());
                runs.add(new Report.Run(slot.round(), slot.target(), wrk.run(script, urls.get(slot.target()), load.connections, load.duration)));
            }
            List<Alternation.Summary> summaries = urls.keySet().stream().map(name -> Alternation.summarize(name,
                    runs.stream().filter(r -> r.target().equals(name)).map(Report.Run::result).toList())).toList();
            Report report = new Report(new Report.Setup(scenario.cliName(), role.key(), load.connections, load.threads,
                    load.duration.toSeconds(), rounds, load.storeName(url), commandLine(scenario),
                    scenario.page() ? capture.readBytes() : null, load.searchNote(scenario, targets)), summaries, runs, Instant.now());
            System.out.println(report.table());
            Path json = report.write(dir);
            System.err.println("bench: results in " + json + " and " + dir.resolve("http.md"));
        } finally {
            if (ceiling != null) {
                ceiling.close();
            }
        }
    }

    private String commandLine(Scenario scenario) {
        return "./parley bench http --scenario " + scenario.cliName() + " " + load.describe(url)
                + " --rounds " + rounds + " --warmup " + warmup.toSeconds() + "s";
    }

    static List<Scenario> chosen(List<String> names) {
        if (names.size() == 1 && names.get(0).equals("all")) {
            return List.of(Scenario.values());
        }
        return names.stream().map(Scenario::of).toList();
    }
}
