package dev.parley.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.identity.IdentityListing;
import dev.parley.storage.Clock;

/** The admin commands' JSON of users, customers, projects, members and tokens (ids as the API names them). */
final class IdentityJson {
    private IdentityJson() {
    }

    static ObjectNode user(IdentityListing.UserRow u) {
        ObjectNode o = JsonOption.object();
        o.put("userId", u.userId());
        o.put("name", u.name());
        o.put("email", u.email());
        o.put("employee", u.employee());
        o.put("active", u.active());
        o.put("createdAt", Clock.iso(u.createdAt()));
        return o;
    }

    static ObjectNode customer(IdentityListing.CustomerRow c) {
        ObjectNode o = JsonOption.object();
        o.put("customerId", c.customerId());
        o.put("name", c.name());
        o.put("members", c.members());
        o.put("projects", c.projects());
        o.put("createdAt", Clock.iso(c.createdAt()));
        return o;
    }

    static ObjectNode project(IdentityListing.ProjectRow p) {
        ObjectNode o = JsonOption.object();
        o.put("projectId", p.projectId());
        o.put("customerId", p.customerId());
        o.put("name", p.name());
        o.put("members", p.members());
        o.put("createdAt", Clock.iso(p.createdAt()));
        return o;
    }

    static ObjectNode member(IdentityListing.MemberRow m) {
        ObjectNode o = JsonOption.object();
        o.put("userId", m.userId());
        o.put("name", m.name());
        o.put("email", m.email());
        o.put("role", m.role());
        o.put("active", m.active());
        return o;
    }

    static ObjectNode token(IdentityListing.TokenRow t, long now) {
        ObjectNode o = JsonOption.object();
        o.put("tokenId", t.tokenId());
        o.put("userId", t.userId());
        o.put("description", t.description());
        o.put("createdAt", Clock.iso(t.createdAt()));
        o.put("lastUsedAt", iso(t.lastUsedAt()));
        o.put("expiresAt", iso(t.expiresAt()));
        o.put("revokedAt", iso(t.revokedAt()));
        o.put("state", t.state(now));
        return o;
    }

    static String iso(Long millis) {
        return millis == null ? null : Clock.iso(millis);
    }
}
