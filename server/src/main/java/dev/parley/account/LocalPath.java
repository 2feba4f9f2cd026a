package dev.parley.account;

/**
 * Where to go after signing in ({@code next}): only a path on this server. Anything that a
 * browser could take to another origin is refused and becomes {@code /}: scheme-relative
 * {@code //evil}, absolute URLs, backslashes ({@code /\evil}, which browsers read as {@code //}),
 * {@code javascript:} and other schemes, control characters and whitespace (browsers strip
 * tabs and newlines from URLs, so {@code /\t/evil} would become {@code //evil}).
 */
public final class LocalPath {
    private LocalPath() {
    }

    public static String orRoot(String next) {
        return isLocal(next) ? next : "/";
    }

    public static boolean isLocal(String next) {
        if (next == null || next.isEmpty() || next.length() > 2048 || next.charAt(0) != '/') {
            return false;
        }
        if (next.length() > 1 && (next.charAt(1) == '/' || next.charAt(1) == '\\')) {
            return false;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c == '\\' || c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
