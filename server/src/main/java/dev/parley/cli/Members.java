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
}
