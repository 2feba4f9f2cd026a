package dev.parley.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Time as stored (epoch milliseconds) and as rendered (ISO-8601 UTC with milliseconds). */
public final class Clock {
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Clock() {
    }

    public static long nowMillis() {
        return System.currentTimeMillis();
    }

    public static String iso(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis));
    }
}
