package dev.parley.bench.seed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Inserts the directory (users, customers, members, projects, placement groups, preferences,
 * categories, tokens) with batched prepared statements; the same SQL on both engines. These are
 * a few hundred thousand rows at most, small beside the conversations.
 */
final class DirectoryRows {
    private static final int BATCH = 1000;

    private DirectoryRows() {
    }

    static void insert(Connection c, Directory d) throws SQLException {
        try (Batch users = new Batch(c, "INSERT INTO users (user_id, clear_name, email, avatar_ref_id, active,"
                + " is_employee, created_at) VALUES (?, ?, ?, NULL, 1, ?, ?)")) {
            for (Directory.User u : d.users()) {
                users.add(u.id(), u.clearName(), u.email(), u.employee() ? 1 : 0, u.createdAt());
            }
        }
        // parents before children: each batch is flushed (closed) before the rows that refer to it
        try (Batch customers = new Batch(c, "INSERT INTO customers (customer_id, name, created_at) VALUES (?, ?, ?)")) {
            for (Directory.Customer k : d.customers()) {
                customers.add(k.id(), k.name(), k.createdAt());
            }
        }
        try (Batch members = new Batch(c, "INSERT INTO customer_members (customer_id, user_id, role) VALUES (?, ?, ?)");
             Batch preferences = new Batch(c, "INSERT INTO conversation_preferences (customer_id, fallback_user_id)"
                     + " VALUES (?, ?)");
             Batch projects = new Batch(c, "INSERT INTO projects (project_id, customer_id, name, created_at)"
                     + " VALUES (?, ?, ?, ?)")) {
            for (Directory.Customer k : d.customers()) {
                for (int m = 0; m < k.members().length; m++) {
                    members.add(k.id(), d.userId(k.members()[m]), k.roles()[m]);
                }
                if (k.fallbackUser() >= 0) {
                    preferences.add(k.id(), d.userId(k.fallbackUser()));
                }
            }
            for (Directory.Project p : d.projects()) {
                projects.add(p.id(), d.customers().get(p.customer()).id(), p.name(), p.createdAt());
            }
        }
        try (Batch members = new Batch(c, "INSERT INTO project_members (project_id, user_id, role) VALUES (?, ?, ?)")) {
            for (Directory.Project p : d.projects()) {
                for (int m = 0; m < p.members().length; m++) {
                    members.add(p.id(), d.userId(p.members()[m]), p.roles()[m]);
                }
            }
        }
        try (Batch groups = new Batch(c, "INSERT INTO placement_groups (placement_group_id, customer_id, name,"
                + " created_at) VALUES (?, ?, ?, ?)")) {
            for (Directory.PlacementGroup g : d.placementGroups()) {
                groups.add(g.id(), d.customers().get(g.customer()).id(), g.name(), g.createdAt());
            }
        }
        try (Batch categories = new Batch(c, "INSERT INTO categories (category_id, name, reference_types, sort_order)"
                + " VALUES (?, ?, ?, ?)")) {
            for (Directory.Category k : d.categories()) {
                if (!k.existed()) {
                    categories.add(k.id(), k.name(), k.referenceTypesJson(), k.sortOrder());
                }
            }
        }
        try (Batch tokens = new Batch(c, "INSERT INTO api_tokens (token_hash, token_id, user_id, description,"
                + " created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL, NULL)")) {
            for (Directory.Token t : d.tokens()) {
                tokens.add(t.hash(), t.tokenId(), d.userId(t.user()), t.description(), t.createdAt());
            }
        }
    }

    /** A prepared statement executed every {@link #BATCH} rows and on close. */
    private static final class Batch implements AutoCloseable {
        private final PreparedStatement statement;
        private int pending;

        Batch(Connection c, String sql) throws SQLException {
            statement = c.prepareStatement(sql);
        }

        void add(Object... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    statement.setNull(i + 1, Types.VARCHAR);
                } else if (values[i] instanceof Long l) {
                    statement.setLong(i + 1, l);
                } else if (values[i] instanceof Integer n) {
                    statement.setInt(i + 1, n);
                } else {
                    statement.setString(i + 1, values[i].toString());
                }
            }
            statement.addBatch();
            if (++pending == BATCH) {
                statement.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            if (pending > 0) {
                statement.executeBatch();
            }
            statement.close();
        }
    }
}
