package dev.parley.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits, bounded, for what another process or node changed to reach a server (a revocation by
 * {@code parley admin}, a write on another node): the condition is asked again every 20 ms.
 */
public final class Eventually {
    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails after {@code timeout} naming {@code what}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Waits (at most 5 s) until {@code parley} knows the identity_version stored now: what another
     * process or node changed (users, tokens, memberships…) then counts at its next request.
     */
    public static void identitySeen(dev.parley.Parley parley) {
        long stored = parley.database().readPrimary(dev.parley.identity.IdentityVersion::read);
        until(Duration.ofSeconds(5), "identity_version " + stored + " to reach the server",
                () -> parley.identityVersion().latest() >= stored);
    }
}
