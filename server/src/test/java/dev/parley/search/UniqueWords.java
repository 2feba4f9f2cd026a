package dev.parley.search;

import java.util.UUID;

/** Words no other conversation of a test holds. */
final class UniqueWords {
    private UniqueWords() {
    }

    /** {@code first}, then 16 letters for the 16 hex digits of a random UUID (64 bits). */
    static String next(char first) {
        StringBuilder out = new StringBuilder().append(first);
        for (char ch : UUID.randomUUID().toString().replace("-", "").substring(0, 16).toCharArray()) {
            out.append((char) ('a' + Character.digit(ch, 16)));
        }
        return out.toString();
    }
}
