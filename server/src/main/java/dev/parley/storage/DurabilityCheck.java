package dev.parley.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the database keeps what Parley acknowledges. Parley answers a write once the database
 * reports its commit. On SQLite its own writer connection makes that durable (WAL,
 * {@code synchronous=FULL}: {@link Database}). On PostgreSQL it is the server's configuration:
 * with {@code fsync=off} or {@code full_page_writes=off} a crash of the machine can lose or
 * corrupt committed data, and with {@code synchronous_commit=off} (for Parley's sessions: set on
 * the server, the database or the role) a crash of PostgreSQL loses the last commits although
 * Parley acknowledged them. Parley still starts (a test system may accept that), but warns at
 * start, one line per setting.
 */
public final class DurabilityCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DurabilityCheck.class);

    /** The PostgreSQL settings checked, and the value that loses acknowledged writes. */
    static final Map<String, String> UNSAFE = Map.of(
            "fsync", "off",
            "full_page_writes", "off",
            "synchronous_commit", "off");

    private DurabilityCheck() {
    }

    /** Logs a warning per setting that can lose acknowledged writes (PostgreSQL; nothing on SQLite). */
    public static void warnAtStart(Database database) {
        problems(database).forEach(LOG::warn);
    }

    /** What the database's settings, as Parley's own connections see them, put at risk. */
    public static List<String> problems(Database database) {
        if (database.engine() != Engine.POSTGRESQL) {
            return List.of();
        }
        Map<String, String> settings = database.read(h -> {
            Map<String, String> values = new java.util.TreeMap<>();
            for (String name : UNSAFE.keySet()) {
                values.put(name, h.createQuery("SELECT current_setting(:name)").bind("name", name)
                        .mapTo(String.class).one());
            }
            return values;
        });
        return problems(settings);
    }

    /** The warnings for these PostgreSQL settings (name → value as {@code SHOW} gives it). */
    static List<String> problems(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        new java.util.TreeMap<>(settings).forEach((name, value) -> {
            String unsafe = UNSAFE.get(name);
            if (unsafe != null && unsafe.equals(value.strip().toLowerCase(Locale.ROOT))) {
                problems.add("PostgreSQL runs with " + name + "=" + value + " for Parley's connections: "
                        + consequence(name) + " (docs/OPERATIONS.md, \"PostgreSQL settings that matter\")");
            }
        });
        return problems;
    }

    private static String consequence(String name) {
        return switch (name) {
            case "synchronous_commit" -> "a crash of PostgreSQL loses the last writes Parley acknowledged";
            case "fsync" -> "a crash of the machine can lose or corrupt writes Parley acknowledged";
            default -> "a crash of the machine can corrupt the database";
        };
    }
}
