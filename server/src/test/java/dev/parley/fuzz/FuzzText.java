package dev.parley.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.util.List;

/**
 * Text for generated requests, counted in code points (as JSON Schema's {@code maxLength}):
 * ASCII, whitespace of several kinds, astral-plane characters (emoji, CJK extension B),
 * combining marks, right-to-left scripts and direction overrides, CJK, control characters
 * (valid in JSON as escapes), and the syntax of FTS5, tsquery and SQL as whole snippets.
 * Never U+0000 and never a lone surrogate: those are not text Parley stores (see the mutations).
 */
final class FuzzText {
    /** Search and SQL syntax that a store must treat as plain text. */
    static final List<String> HOSTILE = List.of(
            "\"", "\"\"", "*", "NEAR(", "NEAR(a b, 2)", "AND", "OR", "NOT", "AND OR NOT", "a AND OR NOT b",
            "'; DROP TABLE conversations; --", "' OR '1'='1", ":*", "a:*", "!", "!!", "<->", "a <-> b", "<2>",
            "\\", "\\\\", "%", "_", "(", ")", "()", "{", "}", "^", "-", "--", "-\"x\"", "or", "OR OR",
            "title:", "col:term", "'", "''", "&", "|", "&&", "||", "@@", "$$", "/*", "*/", ";", "NULL",
            "\u0001", "\u001b[31m", "\u007f", "\r\n", "\t");

    private FuzzText() {
    }

    private static Arbitrary<Integer> codePoint() {
        return Arbitraries.frequencyOf(
                Tuple.of(40, Arbitraries.integers().between(0x20, 0x7e)),
                Tuple.of(8, Arbitraries.of(0x20, 0x09, 0x0a, 0x0d, 0xa0, 0x2003, 0x3000, 0x2028, 0x180e)),
                Tuple.of(8, Arbitraries.integers().between(0x1f300, 0x1faff)),     // emoji (astral)
                Tuple.of(4, Arbitraries.integers().between(0x20000, 0x2a6df)),     // CJK extension B (astral)
                Tuple.of(3, Arbitraries.integers().between(0x1d400, 0x1d7ff)),     // mathematical letters (astral)
                Tuple.of(6, Arbitraries.integers().between(0x0300, 0x036f)),       // combining marks
                Tuple.of(5, Arbitraries.integers().between(0x05d0, 0x05ea)),       // Hebrew (RTL)
                Tuple.of(5, Arbitraries.integers().between(0x0621, 0x064a)),       // Arabic (RTL)
                Tuple.of(3, Arbitraries.of(0x200e, 0x200f, 0x202a, 0x202b, 0x202e, 0x2066, 0x2069, 0x200d, 0xfeff, 0xfffd)),
                Tuple.of(5, Arbitraries.integers().between(0x4e00, 0x9fff)),       // CJK
                Tuple.of(4, Arbitraries.integers().between(0x00a1, 0x024f)),       // Latin-1 and Latin Extended
                Tuple.of(2, Arbitraries.integers().between(0x01, 0x1f)));          // control characters
    }

    /** Text of {@code min}..{@code max} code points: mostly short, sometimes any length, sometimes exactly max. */
    static Arbitrary<String> text(int min, int max) {
        Arbitrary<String> pieces = Arbitraries.frequencyOf(
                Tuple.of(6, codePoint().map(FuzzText::string)),
                Tuple.of(1, Arbitraries.of(HOSTILE)));
        Arbitrary<String> shortText = concat(pieces.list().ofMinSize(0).ofMaxSize(Math.min(max, 40)), min, max);
        Arbitrary<String> anyLength = codePoint().list().ofMinSize(min).ofMaxSize(max).map(FuzzText::fromCodePoints);
        Arbitrary<String> exactlyMax = codePoint().list().ofSize(max).map(FuzzText::fromCodePoints);
        return Arbitraries.frequencyOf(Tuple.of(12, shortText), Tuple.of(2, anyLength), Tuple.of(1, exactlyMax))
                .filter(s -> length(s) >= min && length(s) <= max);
    }

    private static Arbitrary<String> concat(Arbitrary<List<String>> parts, int min, int max) {
        return parts.map(list -> {
            StringBuilder sb = new StringBuilder();
            for (String p : list) {
                if (length(sb.toString()) + length(p) > max) {
                    break;
                }
                sb.append(p);
            }
            while (length(sb.toString()) < min) {
                sb.append('x');
            }
            return sb.toString();
        });
    }

    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    private static String string(int codePoint) {
        return new String(Character.toChars(codePoint));
    }

    private static String fromCodePoints(List<Integer> codePoints) {
        StringBuilder sb = new StringBuilder();
        codePoints.forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
