package dev.parley.bench.jmh;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code parley bench jmh [JMH arguments]}: the micro-benchmarks of the hot code paths
 * ({@link HotPathBenchmarks}); arguments are JMH's own (a regex selects benchmarks, {@code -f},
 * {@code -wi}, {@code -i}, {@code -rf json -rff out.json} …).
 */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "JMH micro-benchmarks of the hot code paths; arguments are passed to JMH (e.g. a regex, -i 3).")
public final class JmhCommand implements Callable<Integer> {
    /** Everything after {@code jmh}, options included, is JMH's. */
    @Unmatched
    List<String> jmhArguments = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Collection<RunResult> results = new Runner(new CommandLineOptions(jmhArguments.toArray(String[]::new))).run();
        return results.isEmpty() ? 1 : 0;
    }
}
