package dev.parley.account;

import java.security.SecureRandom;
import java.util.Base64;

/** 256 random bits, base64url: session cookie values, CSRF tokens, invitation tokens. */
final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code s} could be one of ours (cheap refusal of garbage before hashing or a query). */
    static boolean plausible(String s) {
        return s != null && s.length() == 43 && s.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
                || c >= '0' && c <= '9' || c == '-' || c == '_');
    }
}
