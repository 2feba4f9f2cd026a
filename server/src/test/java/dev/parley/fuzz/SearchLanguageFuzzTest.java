package dev.parley.fuzz;

import dev.parley.testing.ApiResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Searches written in the search language itself, from a few items to thousands: words (bare
 * ones are prefixes), quoted phrases, phrases split by hyphens (the last word a prefix),
 * exclusions of words and phrases, and {@code or} between any of them, side by side, all joined
 * by {@code or} or all but the first excluded, over the words of the store's conversations. Each is answered 200 with a count for a customer and an employee, on
 * every engine, however many clauses it would take (the search engines' query limits are
 * Parley's to respect, not the caller's).
 */
class SearchLanguageFuzzTest {
    private static final List<String> WORDS = List.of("alpha", "beta", "gamma", "delta", "gate", "gateway", "time",
            "al", "g", "x", "error", "mail", "main", "configuration");
    /** Keeps the request line within what the server accepts (16 KiB), with room for the encoding. */
    private static final int MAX_CHARS = 11_000;
    static FuzzServer fuzz;

    @BeforeContainer
    static void start() {
        fuzz = new FuzzServer();
        for (int i = 0; i < 8; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 12; w++) {
                text.append(WORDS.get((i * 5 + w * 3) % WORDS.size())).append(w % 4 == 3 ? "-" : " ");
            }
            fuzz.api.newConversation(fuzz.owner,
                    Map.of("title", "searched " + i, "messageContent", text.toString()));
        }
    }

    @AfterContainer
    static void stop() {
        if (fuzz != null) {
            fuzz.close();
        }
    }

    private static Arbitrary<String> word() {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(WORDS)),
                Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6)));
    }

    private static Arbitrary<String> item() {
        Arbitrary<List<String>> words = word().list().ofMinSize(2).ofMaxSize(5);
        return Arbitraries.frequencyOf(
                Tuple.of(12, word()),
                Tuple.of(2, words.map(w -> "\"" + String.join(" ", w) + "\"")),
                Tuple.of(2, words.map(w -> String.join("-", w))),
                Tuple.of(2, word().map(w -> "-" + w)),
                Tuple.of(1, words.map(w -> "-\"" + String.join(" ", w) + "\"")),
                Tuple.of(2, Arbitraries.just("or")));
    }

    /** How the items are put together: side by side, all joined by {@code or}, or all but the first excluded. */
    private enum Shape { PLAIN, ANY, EXCLUDING }

    @Provide
    Arbitrary<String> search() {
        Arbitrary<Integer> count = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(1, 20)),
                Tuple.of(2, Arbitraries.integers().between(200, 800)),
                Tuple.of(3, Arbitraries.integers().between(1_000, 2_500)));
        return count.flatMap(n -> Arbitraries.of(Shape.class).flatMap(shape -> item().list().ofSize(n)
                .map(items -> join(items, shape))));
    }

    /** The items put together in {@code shape}, cut at {@link #MAX_CHARS}. */
    private static String join(List<String> items, Shape shape) {
        StringBuilder s = new StringBuilder();
        for (String item : items) {
            String next = s.isEmpty() ? item : switch (shape) {
                case PLAIN -> " " + item;
                case ANY -> " or " + item;
                case EXCLUDING -> " " + (item.startsWith("-") ? item : "-" + item);
            };
            if (s.length() + next.length() > MAX_CHARS) {
                break;
            }
            s.append(next);
        }
        return s.toString();
    }

    @Property(tries = 40)
    void everySearchIsAnswered(@ForAll("search") String search) {
        for (String token : List.of(fuzz.owner, fuzz.employee)) {
            ApiResponse r = fuzz.api.listConversations(token,
                    "fullTextSearch=" + URLEncoder.encode(search, StandardCharsets.UTF_8) + "&limit=100").assertStatus(200);
            assertThat(r.json().isArray()).isTrue();
            assertThat(Long.parseLong(r.header("X-Pagination-TotalCount"))).isGreaterThanOrEqualTo(r.json().size());
        }
    }
}
