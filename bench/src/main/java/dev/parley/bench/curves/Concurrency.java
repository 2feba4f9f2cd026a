package dev.parley.bench.curves;

import java.util.ArrayList;
import java.util.List;

/** The connection counts of a curve: powers of two from 1 up to and including the maximum. */
public final class Concurrency {
    private Concurrency() {
    }

    public static List<Integer> levels(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("--max-connections must be at least 1");
        }
        List<Integer> levels = new ArrayList<>();
        for (int c = 1; c < max; c *= 2) {
            levels.add(c);
        }
        levels.add(max);
        return levels;
    }
}
