package dev.parley.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code parley bench}, as the server's jar knows it: the launcher script runs the benchmark
 * tools from their own jar (bench/), so this command is here to be listed in the help and to
 * say where the tools are when the server's jar is run directly.
 */
@Command(name = "bench", description = "Benchmarks (seed, http, curves, jmh): run ./parley bench --help. "
        + "The launcher runs them from their own jar (docs/BENCHMARKS.md).")
public final class BenchCommand implements Callable<Integer> {
    @Unmatched
    List<String> arguments;

    @Override
    public Integer call() {
        System.err.println("parley: the benchmark tools are in their own jar: run ./parley bench "
                + (arguments == null ? "" : String.join(" ", arguments)).strip()
                + " from a source checkout (docs/BENCHMARKS.md)");
        return 1;
    }
}
