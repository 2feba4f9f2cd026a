package dev.parley.desk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Both languages have the same keys, in the same marked sections, and no value is empty. */
class TextsTest {
    @Test
    void bothLanguagesHaveTheSameKeys() {
        assertThat(Texts.of(Lang.DE).keys()).isEqualTo(Texts.of(Lang.EN).keys());
        for (Lang lang : Lang.values()) {
            for (String key : Texts.of(lang).keys()) {
                assertThat(Texts.of(lang).get(key)).as(lang + " " + key).isNotBlank();
            }
        }
    }

    @Test
    void bothFilesHaveTheSectionsInTheSameOrder() throws IOException {
        List<String> en = sections("en");
        assertThat(en).contains("# --- layout ---", "# --- sign-in ---", "# --- customer list ---",
                "# --- conversation ---", "# --- staff queue ---");
        assertThat(sections("de")).isEqualTo(en);
    }

    @Test
    void umlautsAreReadAsUtf8AndFormatsTakeArguments() {
        assertThat(Texts.of(Lang.DE).get("layout.skipToContent")).isEqualTo("Zum Inhalt springen");
        assertThat(Texts.of(Lang.DE).get("error.backHome")).isEqualTo("Zur Übersicht");
        assertThat(Texts.of(Lang.EN).format("error.status", 404)).isEqualTo("Error 404");
        assertThat(Texts.of(Lang.EN).get("no.such.key")).isEqualTo("??no.such.key??");
    }

    @Test
    void acceptLanguageIsReadByItsWeights() {
        assertThat(Lang.fromAcceptLanguage("de-DE,de;q=0.9,en;q=0.8")).isEqualTo(Lang.DE);
        assertThat(Lang.fromAcceptLanguage("en-US,de;q=0.5")).isEqualTo(Lang.EN);
        assertThat(Lang.fromAcceptLanguage("fr, de;q=0.4")).isEqualTo(Lang.DE);
        assertThat(Lang.fromAcceptLanguage("fr")).isEqualTo(Lang.EN);
        assertThat(Lang.fromAcceptLanguage(null)).isEqualTo(Lang.EN);
        assertThat(Lang.fromAcceptLanguage(";;;q=x")).isEqualTo(Lang.EN);
    }

    private static List<String> sections(String lang) throws IOException {
        try (InputStream in = TextsTest.class.getClassLoader().getResourceAsStream("desk/messages_" + lang + ".properties")) {
            List<String> found = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("# --- ")) {
                    found.add(line.strip());
                }
            }
            return found;
        }
    }
}
