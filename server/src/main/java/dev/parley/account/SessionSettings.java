package dev.parley.account;

import java.time.Duration;

/**
 * How long a session lasts: {@code idle} without a request ({@code --session-idle}) and at most
 * {@code max} after sign-in ({@code --session-max}); {@code secureCookie} when Parley is reached
 * over HTTPS ({@code --public-url https://…}), so that the browser never sends the cookie in clear.
 */
public record SessionSettings(Duration idle, Duration max, boolean secureCookie) {
    public static final Duration DEFAULT_IDLE = Duration.ofHours(8);
    public static final Duration DEFAULT_MAX = Duration.ofDays(30);

    public SessionSettings {
        if (idle.isNegative() || idle.isZero() || max.isNegative() || max.isZero()) {
            throw new IllegalArgumentException("--session-idle and --session-max must be positive");
        }
    }

    /** Secure cookies exactly when the public URL is an https one. */
    public static SessionSettings of(Duration idle, Duration max, String publicUrl) {
        return new SessionSettings(idle, max, publicUrl != null && publicUrl.regionMatches(true, 0, "https://", 0, 8));
    }
}
