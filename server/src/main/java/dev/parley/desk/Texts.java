package dev.parley.desk;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The desk's words in one language, from {@code desk/messages_<lang>.properties} (UTF-8, one
 * section per screen). Templates call {@code t.get("key")} or {@code t.format("key", args…)}
 * (MessageFormat: {@code {0}}, plural choices). A missing key shows as {@code ??key??}, and
 * TextsTest keeps both files on the same keys.
 */
public final class Texts {
    private static final Map<Lang, Texts> ALL = new EnumMap<>(Lang.class);

    static {
        for (Lang lang : Lang.values()) {
            ALL.put(lang, new Texts(lang, load(lang)));
        }
    }

    private final Lang lang;
    private final Properties messages;

    private Texts(Lang lang, Properties messages) {
        this.lang = lang;
        this.messages = messages;
    }

    public static Texts of(Lang lang) {
        return ALL.get(lang);
    }

    public Lang lang() {
        return lang;
    }

    public String get(String key) {
        String value = messages.getProperty(key);
        return value == null ? "??" + key + "??" : value;
    }

    public String format(String key, Object... args) {
        return new MessageFormat(get(key), lang.locale()).format(args);
    }

    /** Every key of this language (TextsTest compares the languages). */
    public Set<String> keys() {
        return new TreeSet<>(messages.stringPropertyNames());
    }

    private static Properties load(Lang lang) {
        String name = "desk/messages_" + lang.code() + ".properties";
        try (InputStream in = Texts.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + name);
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
