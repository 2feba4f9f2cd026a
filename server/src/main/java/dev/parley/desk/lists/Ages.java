package dev.parley.desk.lists;

import dev.parley.desk.Texts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How long ago something happened, in the page's words ("5 min", "3 h", "2 d"), and its date. */
final class Ages {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private Ages() {
    }

    static String since(Texts t, String iso) {
        if (iso == null) {
            return "";
        }
        long minutes = Math.max(0, Duration.between(Instant.parse(iso), Instant.now()).toMinutes());
        if (minutes < 1) {
            return t.get("list.age.now");
        }
        if (minutes < 60) {
            return t.format("list.age.minutes", minutes);
        }
        if (minutes < 48 * 60) {
            return t.format("list.age.hours", minutes / 60);
        }
        return t.format("list.age.days", minutes / (24 * 60));
    }

    /** UTC date and time, as in the {@code <time>} element's title. */
    static String date(String iso) {
        return iso == null ? "" : DATE.format(Instant.parse(iso)) + " UTC";
    }
}
