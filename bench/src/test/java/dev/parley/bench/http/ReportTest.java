package dev.parley.bench.http;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {
    final Report report = new Report(
            new Report.Setup("get-conversation", "customer", 32, 1, 30, 2, "/data", "./parley bench http --scenario get-conversation"),
            List.of(new Alternation.Summary("parley", 2, 5000, 4000, 20000, 40000, 0, 300000),
                    new Alternation.Summary("nginx", 2, 50000, 500, 2000, 4000, 0, 3000000),
                    new Alternation.Summary("prism", 2, 2000, 9000, 30000, 50000, 3, 120000)),
            List.of(new Report.Run(1, "parley", AlternationTest.run(5000, 20000, 0))),
            Instant.parse("2026-11-23T12:00:00Z"));

    @Test
    void ratiosAreParleysThroughputOverTheReferences() {
        assertThat(report.throughputRatio("nginx")).isEqualTo(0.1);
        assertThat(report.throughputRatio("prism")).isEqualTo(2.5);
        assertThat(report.throughputRatio("absent")).isNaN();
    }

    @Test
    void tableShowsMillisecondsAndRatios() {
        assertThat(report.table())
                .contains("parley          5000       4.00      20.00      40.00        0")
                .contains("Parley/nginx 0.100   Parley/Prism 2.500");
    }

    @Test
    void markdownAndJsonCarryTheCommand() {
        assertThat(report.markdown()).contains("`./parley bench http --scenario get-conversation`")
                .contains("| prism | 2000 | 9.00 | 30.00 | 50.00 | 3 | 2.500 |");
        assertThat(report.json().path("parleyThroughputRatio").path("nginx").asDouble()).isEqualTo(0.1);
        assertThat(report.json().path("runs").get(0).path("wrk").path("p99Micros").asLong()).isEqualTo(20000);
    }
}
