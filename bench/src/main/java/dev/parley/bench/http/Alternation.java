package dev.parley.bench.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The order of the measured runs and what is made of them. Targets alternate within every round
 * (A B C, A B C, …) rather than running back to back (A A, B B, C C), so a slow drift of the
 * machine (another build starting, thermal throttling) falls on all of them alike; the summary of
 * a target is the median over its rounds, which one disturbed run cannot move.
 */
public final class Alternation {
    private Alternation() {
    }

    public record Slot(int round, String target) {
    }

    public static List<Slot> schedule(List<String> targets, int rounds) {
        if (rounds < 1 || targets.isEmpty()) {
            throw new IllegalArgumentException("at least one round and one target");
        }
        List<Slot> slots = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (String target : targets) {
                slots.add(new Slot(round, target));
            }
        }
        return slots;
    }

    /** The median; of an even count the mean of the middle two. */
    public static double median(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static <T> double median(List<T> runs, ToDoubleFunction<T> value) {
        return median(runs.stream().mapToDouble(value).toArray());
    }

    /** A target's rounds summed up: medians of throughput and latencies, errors added over all rounds. */
    public static Summary summarize(String target, List<WrkResult> runs) {
        return new Summary(target, runs.size(), median(runs, WrkResult::throughput),
                median(runs, r -> r.p50Micros()), median(runs, r -> r.p99Micros()), median(runs, r -> r.p999Micros()),
                runs.stream().mapToLong(WrkResult::errors).sum(), runs.stream().mapToLong(WrkResult::requests).sum());
    }

    public record Summary(String target, int rounds, double throughput, double p50Micros, double p99Micros,
                          double p999Micros, long errors, long requests) {
    }
}
