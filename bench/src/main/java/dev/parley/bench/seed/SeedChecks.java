package dev.parley.bench.seed;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** What both writers check before loading. */
final class SeedChecks {
    private SeedChecks() {
    }

    /** Seeding goes into an empty store only: ids, shortIds and event positions start from scratch. */
    static void requireEmpty(Connection c) throws SQLException {
        for (String table : new String[]{"users", "conversations", "events"}) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new IllegalStateException("The store is not empty (" + table + " has " + rs.getLong(1)
                            + " rows): seed into a new data directory or database");
                }
            }
        }
    }

    /** The categories already there, name to id. */
    static Map<String, String> categories(Connection c) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, category_id FROM categories")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }
}
