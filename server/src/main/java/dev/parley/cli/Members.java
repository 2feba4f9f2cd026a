package dev.parley.cli;

import dev.parley.identity.IdentityListing;

import java.util.List;

/** A customer's or a project's members, as a table or a JSON array. */
final class Members {
    private Members() {
    }

    static void print(JsonOption out, List<IdentityListing.MemberRow> members) {
        if (out.on()) {
            var array = JsonOption.array();
            members.forEach(m -> array.add(IdentityJson.member(m)));
            JsonOption.print(array);
            return;
        }
        Table table = new Table("USER", "NAME", "E-MAIL", "ROLE", "ACTIVE");
        members.forEach(m -> table.row(m.userId(), m.name(), m.email(), m.role(), m.active() ? "active" : "deactivated"));
        table.print(System.out);
    }

    /**
     * With {@code --json}, after a membership change: the changed object, {@code {"<idName>": id,
     * "members": [...]}}; nothing otherwise.
     */
    static void printChanged(JsonOption out, String idName, String id, java.util.function.Supplier<List<IdentityListing.MemberRow>> members) {
        if (out.on()) {
            var json = JsonOption.object().put(idName, id);
            var array = json.putArray("members");
            members.get().forEach(m -> array.add(IdentityJson.member(m)));
            JsonOption.print(json);
        }
    }
}
