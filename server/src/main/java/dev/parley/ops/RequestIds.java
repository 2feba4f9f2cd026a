package dev.parley.ops;

import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code X-Request-Id}: a client's (or proxy's) id is kept when it is 1–128 printable ASCII
 * characters without spaces, so that it is safe in a log line and a header; anything else
 * (newlines, control characters, non-ASCII, 10 kB) is replaced by a random one.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    static final int MAX_LENGTH = 128;

    private RequestIds() {
    }

    /** The id to use for a request that sent {@code supplied} (may be null). */
    public static String accept(String supplied) {
        return acceptable(supplied) ? supplied : random();
    }

    static boolean acceptable(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** 128 random bits as 32 hex digits (not a secret: ThreadLocalRandom is enough and cheap). */
    static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String hi = Long.toHexString(random.nextLong());
        String lo = Long.toHexString(random.nextLong());
        return "0".repeat(16 - hi.length()) + hi + "0".repeat(16 - lo.length()) + lo;
    }
}
