package dev.parley.bench.start;

import dev.parley.bench.BenchPaths;
import dev.parley.bench.TempDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code parley bench start}: how long {@code ./parley serve} takes from the spawn of the process
 * to its first 200 answer ({@code GET /openapi.json}), on an empty data directory and on an
 * existing SQLite store, each with and without {@code --demo}: N starts each, median and max;
 * beside it the median time to the line "Parley listening on" (the start complete, demo
 * credentials printed).
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start time: spawn of `parley serve` to its first 200 (GET /openapi.json), median and max of N starts.")
public final class StartCommand implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "5", description = "Starts per case (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--launcher", description = "The command that starts Parley, before `serve` (default: the checkout's "
            + "./parley, with its class archive). E.g. \"java -jar server/target/parley.jar\" for a start without it.")
    String launcher;

    @Option(names = "--path", defaultValue = "/openapi.json", description = "The request that must answer 200 (default: ${DEFAULT-VALUE}).")
    String path;

    @Override
    public Integer call() throws IOException {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        List<String> command = launcher == null ? List.of(BenchPaths.root().resolve("parley").toString())
                : List.of(launcher.trim().split("\\s+"));
        Path work = Files.createTempDirectory("parley-bench-start");
        try {
            StartTimer timer = new StartTimer(command, path);
            System.err.println("start: a first start (not counted): builds the jar and records the class archive if needed");
            timer.measure(work.resolve("warm-up"), true);
            Path existing = work.resolve("existing");
            timer.measure(existing, true); // the existing store: made once, with the demo directory
            List<Result> results = new ArrayList<>();
            for (Case c : Case.values()) {
                List<Long> millis = new ArrayList<>();
                List<Long> listening = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    Path dir = c.fresh ? work.resolve(c.name() + "-" + i) : existing;
                    StartTimer.Start start = timer.measure(dir, c.demo);
                    millis.add(start.firstAnswer());
                    listening.add(start.listeningLine());
                    if (c.fresh) {
                        TempDirs.delete(dir);
                    }
                }
                Result r = new Result(c, millis, listening);
                System.err.println("start: " + r.row());
                results.add(r);
            }
            System.out.println("command: " + String.join(" ", command) + " serve … (first 200 of GET " + path + ")");
            System.out.println();
            System.out.println("| store | demo | runs | median ms | max ms | all ms | \"listening\" line: median ms |");
            System.out.println("| --- | --- | ---: | ---: | ---: | --- | ---: |");
            results.forEach(r -> System.out.println(r.row()));
            return 0;
        } finally {
            TempDirs.delete(work);
        }
    }

    /** What a start begins on. */
    enum Case {
        FRESH(true, false), FRESH_DEMO(true, true), EXISTING(false, false), EXISTING_DEMO(false, true);

        final boolean fresh;
        final boolean demo;

        Case(boolean fresh, boolean demo) {
            this.fresh = fresh;
            this.demo = demo;
        }
    }

    /** One case's start times: to the first answer, and to the "listening" line. */
    record Result(Case c, List<Long> millis, List<Long> listening) {
        long median() {
            return median(millis);
        }

        static long median(List<Long> values) {
            List<Long> sorted = values.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        long max() {
            return millis.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %d |", c.fresh ? "empty data dir" : "existing SQLite",
                    c.demo ? "--demo" : "", millis.size(), median(), max(), millis, median(listening));
        }
    }
}
