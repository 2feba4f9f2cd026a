package dev.parley.transfer;

import dev.parley.storage.Engine;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Handle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine-specific SQL of export, import and backup, in one place: the catalog (tables,
 * their columns and foreign keys), sequences behind generated keys ({@code events.position}),
 * the read snapshot of an export, and SQLite's online backup. Everything else in this package
 * speaks plain SQL that both engines understand.
 */
final class TransferSql {
    /** Rows fetched per round trip while streaming a table (PostgreSQL uses a cursor for this). */
    static final int FETCH_SIZE = 1000;

    private final Engine engine;

    TransferSql(Engine engine) {
        this.engine = engine;
    }

    Engine engine() {
        return engine;
    }

    /** A column: its name and what kind of value it holds. */
    record Column(String name, Kind kind) {
    }

    /** How values of a column are written and bound. */
    enum Kind {
        INTEGER, REAL, BOOLEAN, TEXT, BINARY, OTHER;

        static Kind of(String declared) {
            String t = declared == null ? "" : declared.toLowerCase(java.util.Locale.ROOT);
            if (t.startsWith("bool")) {
                return BOOLEAN; // PostgreSQL; SQLite keeps booleans as INTEGER 0/1
            }
            if (t.contains("int") || t.equals("bigserial") || t.equals("serial")) {
                return INTEGER;
            }
            if (t.contains("blob") || t.equals("bytea")) {
                return BINARY;
            }
            if (t.contains("char") || t.contains("text") || t.contains("clob")) {
                return TEXT;
            }
            if (t.contains("real") || t.contains("floa") || t.contains("doub") || t.contains("numeric") || t.contains("decimal")) {
                return REAL;
            }
            return OTHER;
        }

        int sqlType() {
            return switch (this) {
                case INTEGER -> java.sql.Types.BIGINT;
                case REAL -> java.sql.Types.DOUBLE;
                case BOOLEAN -> java.sql.Types.BOOLEAN;
                case TEXT -> java.sql.Types.VARCHAR;
                case BINARY -> java.sql.Types.BINARY;
                case OTHER -> java.sql.Types.OTHER;
            };
        }
    }

    /** A sequence behind a generated key, and the last value it handed out. */
    record Sequence(String table, String column, long value) {
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** The ordinary tables of the current schema (no virtual, shadow or system tables). */
    Set<String> tables(Handle h) {
        String sql = switch (engine) {
            case SQLITE -> "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
                    + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
            case POSTGRESQL -> "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
        };
        return new TreeSet<>(h.createQuery(sql).mapTo(String.class).list());
    }

    /** For every table, the tables its foreign keys refer to (itself excluded). */
    Map<String, Set<String>> references(Handle h, Set<String> tables) {
        Map<String, Set<String>> refs = new LinkedHashMap<>();
        for (String t : tables) {
            refs.put(t, new TreeSet<>());
        }
        switch (engine) {
            case SQLITE -> {
                for (String t : tables) {
                    refs.get(t).addAll(h.createQuery("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(:t)")
                            .bind("t", t).mapTo(String.class).list());
                }
            }
            case POSTGRESQL -> h.createQuery("""
                            SELECT child.relname, parent.relname
                            FROM pg_constraint c
                            JOIN pg_class child ON child.oid = c.conrelid
                            JOIN pg_class parent ON parent.oid = c.confrelid
                            JOIN pg_namespace n ON n.oid = child.relnamespace
                            WHERE c.contype = 'f' AND n.nspname = current_schema()""")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> {
                        if (refs.containsKey(e.getKey())) {
                            refs.get(e.getKey()).add(e.getValue());
                        }
                    });
        }
        refs.forEach((table, parents) -> parents.remove(table));
        return refs;
    }

    /** The stored (not generated) columns of a table, in their order. */
    List<Column> columns(Handle h, String table) {
        String sql = switch (engine) {
            // hidden: 0 ordinary; 1 hidden in a virtual table; 2, 3 generated
            case SQLITE -> "SELECT name, type FROM pragma_table_xinfo(:t) WHERE hidden = 0 ORDER BY cid";
            case POSTGRESQL -> "SELECT column_name, data_type FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND table_name = :t AND is_generated = 'NEVER'"
                    + " ORDER BY ordinal_position";
        };
        return h.createQuery(sql).bind("t", table)
                .map((rs, ctx) -> new Column(rs.getString(1), Kind.of(rs.getString(2)))).list();
    }

    /** The sequences behind generated keys, with the last value each handed out (0: none yet). */
    List<Sequence> sequences(Handle h) {
        List<Sequence> out = new ArrayList<>();
        switch (engine) {
            case SQLITE -> {
                // AUTOINCREMENT tables keep their high-water mark in sqlite_sequence
                List<String> autoincrement = h.createQuery(
                                "SELECT name FROM sqlite_master WHERE type = 'table' AND upper(sql) LIKE '%AUTOINCREMENT%'")
                        .mapTo(String.class).list();
                boolean hasSequenceTable = h.createQuery(
                                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
                        .mapTo(Integer.class).one() > 0;
                for (String table : autoincrement) {
                    String column = h.createQuery("SELECT name FROM pragma_table_info(:t) WHERE pk = 1")
                            .bind("t", table).mapTo(String.class).one();
                    long value = !hasSequenceTable ? 0 : h.createQuery("SELECT seq FROM sqlite_sequence WHERE name = :t")
                            .bind("t", table).mapTo(Long.class).findOne().orElse(0L);
                    out.add(new Sequence(table, column, value));
                }
            }
            case POSTGRESQL -> {
                List<String[]> serials = h.createQuery("""
                                SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name)
                                FROM information_schema.columns
                                WHERE table_schema = current_schema()
                                  AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL
                                ORDER BY table_name, column_name""")
                        .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).list();
                for (String[] s : serials) {
                    // the name comes from pg_get_serial_sequence, already quoted as needed
                    long value = h.createQuery("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + s[2])
                            .mapTo(Long.class).one();
                    out.add(new Sequence(s[0], s[1], value));
                }
            }
        }
        return out;
    }

    /**
     * Moves the sequence of {@code table.column} so that the next generated key is above both
     * {@code atLeast} and every key in the table: imported events keep their positions and new
     * ones continue after them, so ETags only ever increase.
     */
    void advanceSequence(Handle h, String table, String column, long atLeast) {
        long max = h.createQuery("SELECT COALESCE(MAX(" + quote(column) + "), 0) FROM " + quote(table))
                .mapTo(Long.class).one();
        long value = Math.max(max, atLeast);
        switch (engine) {
            case SQLITE -> {
                if (value <= 0) {
                    return;
                }
                // inserting explicit keys has raised it to MAX already; this keeps a higher mark
                int updated = h.createUpdate("UPDATE sqlite_sequence SET seq = :v WHERE name = :t AND seq < :v")
                        .bind("v", value).bind("t", table).execute();
                if (updated == 0 && h.createQuery("SELECT COUNT(*) FROM sqlite_sequence WHERE name = :t")
                        .bind("t", table).mapTo(Integer.class).one() == 0) {
                    h.createUpdate("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :v)")
                            .bind("t", table).bind("v", value).execute();
                }
            }
            case POSTGRESQL -> h.createQuery("""
                            SELECT setval(CAST(pg_get_serial_sequence(:t, :c) AS regclass), :v, :called)""")
                    .bind("t", quote(table)).bind("c", column)
                    .bind("v", Math.max(value, 1)).bind("called", value >= 1)
                    .mapTo(Long.class).one();
        }
    }

    /**
     * Starts the export's read transaction: every table is read from one consistent snapshot
     * while the server goes on writing.
     */
    void beginSnapshot(Handle h) {
        h.begin();
        switch (engine) {
            // WAL: the first read fixes the snapshot for the rest of the transaction
            case SQLITE -> h.createQuery("SELECT COUNT(*) FROM sqlite_master").mapTo(Integer.class).one();
            case POSTGRESQL -> h.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
    }

    /** The schema version Flyway recorded (the highest successfully applied), or "0". */
    static String schemaVersion(Handle h) {
        MigrationVersion highest = null;
        for (String v : h.createQuery("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL")
                .mapTo(String.class).list()) {
            MigrationVersion mv = MigrationVersion.fromVersion(v);
            if (highest == null || mv.compareTo(highest) > 0) {
                highest = mv;
            }
        }
        return highest == null ? "0" : highest.getVersion();
    }

    /** Refreshes the planner's statistics after a bulk load (outside a transaction). */
    static void analyze(Handle h) {
        h.execute("ANALYZE");
    }

    /**
     * An online, consistent copy of a SQLite database into {@code target} (which must not exist):
     * {@code VACUUM INTO} reads one snapshot beside running writers and writes a compact file.
     */
    void backup(Handle h, Path target) {
        switch (engine) {
            case SQLITE -> h.createUpdate("VACUUM INTO :target").bind("target", target.toString()).execute();
            case POSTGRESQL -> throw new IllegalArgumentException(Backup.POSTGRESQL_HINT);
        }
    }
}
