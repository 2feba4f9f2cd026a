package dev.parley.desk;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What every template gets as {@code page} (Pages puts it into the model): the language and its
 * words, the request's own local URL (for the language switch's way back), who is signed in
 * (null when nobody) and the assets' versioned URLs.
 */
public record Page(Lang lang, Texts t, String here, Viewer viewer, DeskAssets assets) {

    /** The versioned URL of an asset, e.g. {@code page.asset("desk.css")}. */
    public String asset(String name) {
        return assets.url(name);
    }

    /** The link that switches to {@code other} and comes back here. */
    public String langUrl(Lang other) {
        return "/lang/" + other.code() + "?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8);
    }

    public boolean signedIn() {
        return viewer != null;
    }
}
