package dev.parley.notify.mail;

import org.jdbi.v3.core.Handle;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What mails need to know of users: address, language, whether active, their opt-outs. */
final class MailUsers {
    /** A user as far as mails are concerned. */
    record MailUser(String userId, String name, String email, boolean active, boolean employee, String language) {
        boolean reachable() {
            return active && email != null && !email.isBlank();
        }
    }

    private MailUsers() {
    }

    static Map<String, MailUser> find(Handle h, Collection<String> userIds) {
        Map<String, MailUser> users = new HashMap<>();
        if (userIds.isEmpty()) {
            return users;
        }
        h.createQuery("SELECT user_id, clear_name, email, active, is_employee, language FROM users WHERE user_id IN (<ids>)")
                .bindList("ids", List.copyOf(userIds))
                .map((rs, ctx) -> new MailUser(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1,
                        rs.getInt(5) == 1, rs.getString(6)))
                .forEach(u -> users.put(u.userId(), u));
        return users;
    }

    /** The kinds the user turned off. */
    static Set<String> optOuts(Handle h, String userId) {
        return new TreeSet<>(h.createQuery("SELECT kind FROM notification_opt_outs WHERE user_id = :u")
                .bind("u", userId).mapTo(String.class).list());
    }

    static boolean optedOut(Handle h, String userId, MailKind kind) {
        return h.createQuery("SELECT 1 FROM notification_opt_outs WHERE user_id = :u AND kind = :k")
                .bind("u", userId).bind("k", kind.id()).mapTo(Integer.class).findOne().isPresent();
    }

    /** Turns a kind off (true) or on (false) for the user. */
    static void setOptOut(Handle h, String userId, MailKind kind, boolean off) {
        if (off) {
            h.createUpdate("INSERT INTO notification_opt_outs (user_id, kind) VALUES (:u, :k) ON CONFLICT (user_id, kind) DO NOTHING")
                    .bind("u", userId).bind("k", kind.id()).execute();
        } else {
            h.createUpdate("DELETE FROM notification_opt_outs WHERE user_id = :u AND kind = :k")
                    .bind("u", userId).bind("k", kind.id()).execute();
        }
    }
}
