package dev.parley.desk;

import io.javalin.http.Context;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The desk's languages: the {@code lang} cookie first (set by {@link LanguageSwitch}), then {@code Accept-Language}. */
public enum Lang {
    EN("en"), DE("de");

    public static final String COOKIE = "lang";
    public static final Lang DEFAULT = EN;

    private final String code;

    Lang(String code) {
        this.code = code;
    }

    /** The BCP 47 tag, for {@code <html lang>} and the cookie. */
    public String code() {
        return code;
    }

    public Locale locale() {
        return Locale.forLanguageTag(code);
    }

    public static Optional<Lang> of(String code) {
        for (Lang lang : values()) {
            if (lang.code.equalsIgnoreCase(code)) {
                return Optional.of(lang);
            }
        }
        return Optional.empty();
    }

    public static Lang of(Context ctx) {
        return of(ctx.cookie(COOKIE)).orElseGet(() -> fromAcceptLanguage(ctx.header("Accept-Language")));
    }

    /** The best of ours by the header's q-values; English when nothing matches or the header is malformed. */
    static Lang fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 1000) {
            return DEFAULT;
        }
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(header);
            String best = Locale.lookupTag(ranges, List.of("en", "de"));
            return best == null ? DEFAULT : of(best).orElse(DEFAULT);
        } catch (IllegalArgumentException e) {
            return DEFAULT;
        }
    }
}
