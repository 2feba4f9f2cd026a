package dev.parley.desk.conversation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the pages show them: the API's ISO instants in UTC, to the minute. */
final class Times {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String format(String iso) {
        if (iso == null || iso.isEmpty()) {
            return "";
        }
        try {
            return FORMAT.format(Instant.parse(iso));
        } catch (RuntimeException e) {
            return iso;
        }
    }

    static long millis(String iso) {
        return iso == null || iso.isEmpty() || "null".equals(iso) ? -1 : Instant.parse(iso).toEpochMilli();
    }
}
