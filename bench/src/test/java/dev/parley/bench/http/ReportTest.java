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

    static Report page(double parleyP99Micros, int bytes) {
        return new Report(
                new Report.Setup("page-queue", "employee", 1, 1, 10, 1, "/data", "./parley bench http --scenario page-queue", bytes),
                List.of(new Alternation.Summary("parley", 1, 900, 2000, parleyP99Micros, parleyP99Micros, 0, 9000000),
                        new Alternation.Summary("nginx", 1, 20000, 100, 300, 400, 0, 90000000)),
                List.of(new Report.Run(1, "parley", AlternationTest.run(900, (long) parleyP99Micros, 0))),
                Instant.parse("2026-11-23T12:00:00Z"));
    }

    @Test
    void aPageReportsItsSizeAndWhetherParleyMeetsTheDesksTargets() {
        Report fast = page(12_000, 41_234);
        assertThat(fast.meetsPageTargets()).contains(true);
        assertThat(fast.table()).contains("bytes   check").contains("     41234   meets").contains("p99 ≤ 50 ms");
        assertThat(fast.markdown()).contains("| Parley ÷ target (req/s) | bytes | check |")
                .contains("| parley | 900 | 2.00 | 12.00 | 12.00 | 0 | 1 | 41234 | meets |")
                .contains("| nginx | 20000 | 0.10 | 0.30 | 0.40 | 0 | 0.045 | 41234 | – |")
                .contains("Targets (issue #13)");
        assertThat(fast.json().path("setup").path("pageBytes").asInt()).isEqualTo(41234);
        assertThat(fast.json().path("meetsPageTargets").asBoolean()).isTrue();

        assertThat(page(50_001, 41_234).meetsPageTargets()).contains(false);
        assertThat(page(50_000, 100_000).meetsPageTargets()).contains(false);
        assertThat(page(51_000, 1_000).markdown()).contains("| 1000 | misses |");
    }

    @Test
    void anApiScenarioHasNoPageColumns() {
        assertThat(report.meetsPageTargets()).isEmpty();
        assertThat(report.table()).doesNotContain("check").doesNotContain("issue #13");
        assertThat(report.markdown()).doesNotContain("| bytes |");
        assertThat(report.json().has("meetsPageTargets")).isFalse();
    }

    @Test
    void aSearchReportSaysWhichQueriesItSent() {
        String note = "4 queries drawn from the store: frequent-prefix ×2, phrase ×2";
        Report search = new Report(new Report.Setup("search-staff", "employee", 32, 1, 30, 2, "/data",
                "./parley bench http --scenario search-staff", null, note), List.of(), List.of(), Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(search.table()).contains("searches: " + note);
        assertThat(search.markdown()).contains("Searches: " + note + ".");
        assertThat(search.json().path("setup").path("searches").asText()).isEqualTo(note);
        assertThat(report.table()).doesNotContain("searches:");
        assertThat(report.markdown()).doesNotContain("Searches:");
    }

    @Test
    void markdownAndJsonCarryTheCommand() {
        assertThat(report.markdown()).contains("`./parley bench http --scenario get-conversation`")
                .contains("| prism | 2000 | 9.00 | 30.00 | 50.00 | 3 | 2.500 |");
        assertThat(report.json().path("parleyThroughputRatio").path("nginx").asDouble()).isEqualTo(0.1);
        assertThat(report.json().path("runs").get(0).path("wrk").path("p99Micros").asLong()).isEqualTo(20000);
    }
}
