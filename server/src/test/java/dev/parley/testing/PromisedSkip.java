package dev.parley.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * For tests whose promise the docs rely on but which need something a machine may lack (root to
 * mount a small disk, the shared contract beside the repository): on a developer's machine the
 * test is skipped with a banner saying why; with {@code CI=true} the skip is a failure, as
 * {@link TestDatabase} does for PostgreSQL, so a CI run never passes without them.
 */
public final class PromisedSkip {
    private PromisedSkip() {
    }

    public static boolean isCi() {
        return "true".equalsIgnoreCase(String.valueOf(System.getenv("CI")).trim());
    }

    /** Skips the calling test ({@code what}) because of {@code why}, or fails it under {@code CI=true}. */
    public static void skipOrFail(String what, String why) {
        String line = "!".repeat(100);
        String verdict = isCi() ? "CI=true: this is a FAILURE." : "SKIPPED here (CI=true fails instead).";
        System.err.println(line + "\n!!! " + what + ": " + why + "\n!!! " + verdict + "\n" + line);
        if (isCi()) {
            throw new IllegalStateException(what + " cannot run (" + why + ") and CI=true");
        }
        Assumptions.abort(what + " skipped: " + why);
    }
}
