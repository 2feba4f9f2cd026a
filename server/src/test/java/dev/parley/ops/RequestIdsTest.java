package dev.parley.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which supplied request ids are kept: printable ASCII without spaces, quotes or backslashes, 1–128 characters. */
class RequestIdsTest {
    @Test
    void fairIdsAreKept() {
        assertThat(RequestIds.accept("abc-123")).isEqualTo("abc-123");
        assertThat(RequestIds.accept("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).startsWith("00-4bf9");
        String longest = "x".repeat(RequestIds.MAX_LENGTH);
        assertThat(RequestIds.accept(longest)).isEqualTo(longest);
    }

    @Test
    void hostileOrMissingIdsAreReplaced() {
        String[] hostile = {null, "", "x".repeat(RequestIds.MAX_LENGTH + 1), "a".repeat(10_000), "line\nbreak",
                "carriage\rreturn", "fake\r\nparley.access - GET / 200", "with space", "tab\there", "nul\0",
                "naïve", "emoji\uD83D\uDE00", "quote\"", "back\\slash", "\u007f"};
        for (String value : hostile) {
            String id = RequestIds.accept(value);
            assertThat(id).as(String.valueOf(value)).matches("[0-9a-f]{32}");
        }
        assertThat(RequestIds.random()).isNotEqualTo(RequestIds.random());
    }
}
