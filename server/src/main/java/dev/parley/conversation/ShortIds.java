package dev.parley.conversation;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Human-friendly conversation ids like {@code K7QM-42XD}: eight characters from an alphabet
 * without look-alikes (no 0/O, 1/I/L), about 10^12 values, checked for uniqueness on insert.
 */
public final class ShortIds {
    private static final char[] ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();
    private static final Pattern SHAPE = Pattern.compile("^[0-9A-Z]{4}-[0-9A-Z]{4}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ShortIds() {
    }

    public static String next() {
        return next(RANDOM);
    }

    /** A shortId drawn from {@code random} (a seeded generator makes synthetic data repeatable). */
    public static String next(java.util.random.RandomGenerator random) {
        StringBuilder out = new StringBuilder(9);
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                out.append('-');
            }
            out.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return out.toString();
    }

    public static boolean looksLikeShortId(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    /**
     * {@code value} in the stored (upper-case) form when it has a shortId's shape in any case
     * ({@code k7qm-42xd} → {@code K7QM-42XD}): people type and paste shortIds as they like.
     * Anything else (a UUID, garbage) comes back unchanged.
     */
    public static String normalize(String value) {
        if (value == null || value.length() != 9 || value.charAt(4) != '-') {
            return value;
        }
        String upper = value.toUpperCase(java.util.Locale.ROOT);
        return looksLikeShortId(upper) ? upper : value;
    }
}
