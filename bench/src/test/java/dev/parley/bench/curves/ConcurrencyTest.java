package dev.parley.bench.curves;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest {
    @Test
    void powersOfTwoUpToTheMaximum() {
        assertThat(Concurrency.levels(256)).containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 256);
        assertThat(Concurrency.levels(100)).containsExactly(1, 2, 4, 8, 16, 32, 64, 100);
        assertThat(Concurrency.levels(1)).containsExactly(1);
    }
}
