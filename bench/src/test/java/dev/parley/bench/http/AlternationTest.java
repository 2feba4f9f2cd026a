package dev.parley.bench.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlternationTest {
    @Test
    void targetsAlternateWithinEveryRound() {
        assertThat(Alternation.schedule(List.of("parley", "nginx", "prism"), 2)).containsExactly(
                new Alternation.Slot(1, "parley"), new Alternation.Slot(1, "nginx"), new Alternation.Slot(1, "prism"),
                new Alternation.Slot(2, "parley"), new Alternation.Slot(2, "nginx"), new Alternation.Slot(2, "prism"));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Alternation.median(3, 1, 2)).isEqualTo(2);
        assertThat(Alternation.median(4, 1, 3, 2)).isEqualTo(2.5);
        assertThat(Alternation.median(7)).isEqualTo(7);
    }

    @Test
    void oneDisturbedRoundDoesNotMoveTheSummary() {
        List<WrkResult> runs = List.of(run(1000, 900, 5), run(1100, 1000, 0), run(100, 90_000, 1));
        Alternation.Summary s = Alternation.summarize("parley", runs);
        assertThat(s.throughput()).isEqualTo(1000.0);
        assertThat(s.p99Micros()).isEqualTo(1000.0);
        assertThat(s.errors()).as("errors are added, never hidden by a median").isEqualTo(6);
        assertThat(s.rounds()).isEqualTo(3);
    }

    /** a one-second run of {@code requests} requests */
    static WrkResult run(long requests, long p99, long errors) {
        return new WrkResult(requests, 1_000_000, 0, 0, errors, p99 / 2, p99, p99 * 2, p99 * 3);
    }
}
