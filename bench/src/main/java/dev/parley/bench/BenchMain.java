package dev.parley.bench;

import dev.parley.bench.curves.CurvesCommand;
import dev.parley.bench.http.HttpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code parley bench}: the measuring tools. Each subcommand is one tool (see docs/BENCHMARKS.md).
 */
@Command(name = "parley bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: synthetic data, HTTP load beside its references, curves, micro-benchmarks, start time.",
        subcommands = {dev.parley.bench.seed.SeedCommand.class, HttpCommand.class, CurvesCommand.class, dev.parley.bench.jmh.JmhCommand.class,
                dev.parley.bench.start.StartCommand.class, CommandLine.HelpCommand.class})
public final class BenchMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new BenchMain()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
