package dev.parley.notify.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of notification mails per language ({@code resources/mail/texts_{en,de}.properties})
 * and the two layouts ({@code layout.txt}, {@code layout.html}) they are filled into.
 */
final class MailTexts {
    static final java.util.List<String> LANGUAGES = java.util.List.of("en", "de");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-zA-Z]+)}}");
    private static final Map<String, Properties> TEXTS = Map.of("en", load("texts_en.properties"), "de", load("texts_de.properties"));
    static final String TEXT_LAYOUT = resource("layout.txt");
    static final String HTML_LAYOUT = resource("layout.html");

    private final Properties texts;
    final String language;

    private MailTexts(String language) {
        this.language = TEXTS.containsKey(language) ? language : "en";
        this.texts = TEXTS.get(this.language);
    }

    static MailTexts of(String language) {
        return new MailTexts(language);
    }

    /** The text of {@code key} with its {name} placeholders filled from {@code values}. */
    String get(String key, Map<String, String> values) {
        String template = texts.getProperty(key);
        if (template == null) {
            throw new IllegalStateException("no mail text " + key + " in " + language);
        }
        return fill(PLACEHOLDER, template, values);
    }

    String get(String key) {
        return get(key, Map.of());
    }

    /** A layout with its {{slot}}s filled (values are inserted as they are). */
    static String layout(String layout, Map<String, String> values) {
        return fill(SLOT, layout, values);
    }

    private static String fill(Pattern pattern, String template, Map<String, String> values) {
        Matcher m = pattern.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Properties load(String name) {
        Properties p = new Properties();
        try (InputStream in = MailTexts.class.getResourceAsStream("/mail/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String resource(String name) {
        try (InputStream in = MailTexts.class.getResourceAsStream("/mail/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
