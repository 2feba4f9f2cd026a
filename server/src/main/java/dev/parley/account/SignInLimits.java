package dev.parley.account;

import java.time.Duration;

/**
 * Failed sign-ins allowed per account (the e-mail asked for, whether or not it exists) and per
 * client address within a sliding {@code window}; past either, sign-in answers 429 until old
 * failures leave the window.
 */
public record SignInLimits(int perAccount, int perAddress, Duration window) {
    public static final SignInLimits DEFAULT = new SignInLimits(10, 100, Duration.ofMinutes(15));

    public SignInLimits {
        if (perAccount < 1 || perAddress < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("sign-in limits must be positive");
        }
    }
}
