package dev.parley.cli;

import dev.parley.ParleyConfig;
import dev.parley.storage.Engine;
import dev.parley.storage.StoreLock;

import java.util.regex.Pattern;

/**
 * What {@code parley serve} prints once it listens: one line naming the version, the engine, the
 * store (the SQLite file, or the database URL with its password masked), the blob store and the
 * URL, then the line "Parley listening on http://host:port" that scripts wait for.
 */
final class StartLine {
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:?]*):[^/@?]*@");

    private StartLine() {
    }

    static String summary(ParleyConfig config, String url) {
        String databaseUrl = config.effectiveDatabaseUrl();
        Engine engine = Engine.of(databaseUrl);
        String store = engine == Engine.SQLITE
                ? "SQLite " + StoreLock.sqliteFile(databaseUrl).map(Object::toString).orElse(databaseUrl)
                : "PostgreSQL " + masked(databaseUrl);
        String blobs = "database".equals(config.files().blobStore())
                ? "blobs in the database"
                : "blobs in " + config.dataDir().resolve("blobs").toAbsolutePath();
        return new Version().getVersion()[0] + ": " + store + ", " + blobs + ", " + url;
    }

    /** {@code url} with any password replaced by {@code ***}: a {@code password=} parameter or {@code user:password@}. */
    static String masked(String url) {
        String withoutParameter = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(withoutParameter).replaceAll("//$1:***@");
    }
}
