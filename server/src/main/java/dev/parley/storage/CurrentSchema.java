package dev.parley.storage;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The cheap check before Flyway: is the schema exactly at this build's migrations? Flyway's
 * configuration, classpath scan and validation cost about a second of a start; a store that is
 * already current needs none of it, and a new store (no history table) needs no look at what is
 * applied before migrating. The check reads {@code flyway_schema_history} with plain JDBC
 * and compares it with the bundled {@code db/migration/<engine>} scripts: the same versions, the
 * same script names, the same checksums (Flyway's: CRC-32 of the UTF-8 lines without their line
 * endings, the BOM dropped), no failed or other kind of row. Anything else (no history table, a
 * pending or newer migration, a changed script, a baseline) answers "not current", and Flyway
 * runs as before, with its own checks and messages.
 */
final class CurrentSchema {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

    private CurrentSchema() {
    }

    /** One applied or bundled migration: its script name and checksum. */
    record Script(String name, int checksum) {
    }

    /** Where a store's schema stands, as far as this check can tell without Flyway. */
    enum State {
        /** Exactly at this build's migrations: nothing to do. */
        CURRENT,
        /** No schema history at all (a new store): every migration is pending, none is newer. */
        NONE,
        /** Anything else: Flyway looks at it. */
        OTHER
    }

    /** True when {@code dataSource}'s schema history matches this build's migrations exactly. */
    static boolean isCurrent(DataSource dataSource, Engine engine) {
        return state(dataSource, engine) == State.CURRENT;
    }

    /** {@code dataSource}'s {@link State}: read with plain JDBC, nothing changed. */
    static State state(DataSource dataSource, Engine engine) {
        Map<String, Script> bundled;
        try {
            bundled = bundled(engine);
        } catch (IOException | RuntimeException e) {
            return State.OTHER; // Flyway will find them (or say why not)
        }
        if (bundled.isEmpty()) {
            return State.OTHER;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (!hasHistory(s, engine)) {
                return State.NONE;
            }
            try (ResultSet rows = s.executeQuery("SELECT version, script, checksum, type, success FROM flyway_schema_history")) {
                Map<String, Script> applied = new HashMap<>();
                while (rows.next()) {
                    String version = rows.getString(1);
                    boolean success = rows.getBoolean(5);
                    Object checksum = rows.getObject(3);
                    if (version == null || !success || !"SQL".equals(rows.getString(4)) || checksum == null
                            || applied.put(version, new Script(rows.getString(2), ((Number) checksum).intValue())) != null) {
                        return State.OTHER;
                    }
                }
                return applied.equals(bundled) ? State.CURRENT : State.OTHER;
            }
        } catch (SQLException e) {
            return State.OTHER; // it cannot be read: Flyway decides
        }
    }

    /** Whether Flyway's history table exists where Flyway looks for it (PostgreSQL: the current schema). */
    private static boolean hasHistory(Statement s, Engine engine) throws SQLException {
        String sql = engine == Engine.SQLITE
                ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'flyway_schema_history'"
                : "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'flyway_schema_history'";
        try (ResultSet r = s.executeQuery(sql)) {
            return r.next() && r.getInt(1) > 0;
        }
    }

    /** The bundled versioned migrations of {@code engine}, by version ("1", "2", …). */
    static Map<String, Script> bundled(Engine engine) throws IOException {
        String folder = "db/migration/" + engine.migrationFolder();
        URL url = CurrentSchema.class.getClassLoader().getResource(folder);
        if (url == null) {
            return Map.of();
        }
        Map<String, Script> scripts = new HashMap<>();
        if ("jar".equals(url.getProtocol())) {
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            var jar = connection.getJarFile();
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(folder + "/") && name.indexOf('/', folder.length() + 1) < 0) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        add(scripts, name.substring(folder.length() + 1), in);
                    }
                }
            }
        } else {
            Path dir;
            try {
                dir = Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
            try (var files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(file)) {
                        try (InputStream in = Files.newInputStream(file)) {
                            add(scripts, file.getFileName().toString(), in);
                        }
                    }
                }
            }
        }
        return scripts;
    }

    private static void add(Map<String, Script> scripts, String name, InputStream in) throws IOException {
        Matcher m = VERSIONED.matcher(name);
        if (!m.matches()) {
            if (name.endsWith(".sql")) {
                throw new IOException("not a plain versioned migration: " + name); // repeatable etc.: Flyway decides
            }
            return;
        }
        scripts.put(m.group(1), new Script(name, checksum(in)));
    }

    /** Flyway's checksum of a script: CRC-32 over each line's UTF-8 bytes, line endings and a leading BOM left out. */
    static int checksum(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 4096)) {
            String line = lines.readLine();
            if (line != null && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            while (line != null) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
                line = lines.readLine();
            }
        }
        return (int) crc.getValue();
    }
}
