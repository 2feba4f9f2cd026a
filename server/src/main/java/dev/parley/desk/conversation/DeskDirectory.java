package dev.parley.desk.conversation;

import dev.parley.storage.Database;

import java.util.List;
import java.util.Set;

/**
 * Names the pages show beside ids: the customers and projects a user belongs to (the audiences
 * ReferenceChecks lets them share with) and the active staff (whom Assignments accepts). Only
 * names: who may do what stays with the services.
 */
final class DeskDirectory {
    private final Database database;

    DeskDirectory(Database database) {
        this.database = database;
    }

    List<Choice> customers(Set<String> ids) {
        return named("SELECT customer_id, name FROM customers WHERE customer_id IN (<ids>) ORDER BY name", ids);
    }

    List<Choice> projects(Set<String> ids) {
        return named("SELECT project_id, name FROM projects WHERE project_id IN (<ids>) ORDER BY name", ids);
    }

    List<Choice> activeStaff() {
        return database.read(h -> h.createQuery(
                        "SELECT user_id, clear_name FROM users WHERE is_employee = 1 AND active = 1 ORDER BY clear_name, user_id")
                .map((rs, ctx) -> new Choice(rs.getString(1), rs.getString(2))).list());
    }

    private List<Choice> named(String sql, Set<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return database.read(h -> h.createQuery(sql).bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> new Choice(rs.getString(1), rs.getString(2))).list());
    }
}
