package dev.parley.bench.seed;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wall-clock time per phase of a seed, for the summary (where the time goes). */
final class Phases {
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private final PrintStream log;

    Phases(PrintStream log) {
        this.log = log;
    }

    interface Step {
        void run() throws Exception;
    }

    void time(String phase, Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        record(phase, (System.nanoTime() - start) / 1_000_000);
    }

    synchronized void record(String phase, long ms) {
        millis.merge(phase, ms, Long::sum);
        log.printf("seed: %-40s %8.1f s%n", phase, ms / 1000.0);
    }

    synchronized Map<String, Long> millis() {
        return millis;
    }
}
