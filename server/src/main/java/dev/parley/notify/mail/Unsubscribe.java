package dev.parley.notify.mail;

import dev.parley.Platform;
import dev.parley.storage.Database;
import io.javalin.http.Context;

import java.util.Optional;

/**
 * {@code /mail/unsubscribe/{user}/{kind}/{signature}}: GET shows a page with one button (mail
 * scanners follow links, so a GET changes nothing); POST, from that button or a mail client's
 * one-click unsubscribe (RFC 8058), turns the kind off for the user. An unknown or forged link
 * answers 404.
 */
final class Unsubscribe {
    private static final String ROUTE = UnsubscribeLinks.PREFIX + "{user}/{kind}/{signature}";

    private Unsubscribe() {
    }

    static void install(Platform platform) {
        Database database = platform.database();
        platform.routes(r -> {
            r.http().get(ROUTE, ctx -> handle(database, ctx, false));
            r.http().post(ROUTE, ctx -> handle(database, ctx, true));
        });
    }

    private static void handle(Database database, Context ctx, boolean apply) {
        String user = ctx.pathParam("user");
        Optional<MailKind> kind = database.read(h -> UnsubscribeLinks.verify(h, user, ctx.pathParam("kind"),
                ctx.pathParam("signature")));
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8");
        if (kind.isEmpty()) {
            ctx.status(404).result(page("Not found", "<p>This link is not valid.</p>"));
            return;
        }
        String name = MailRenderer.escape(kind.get().id());
        if (apply) {
            database.write(h -> {
                MailUsers.setOptOut(h, user, kind.get(), true);
                return null;
            });
            ctx.result(page("Unsubscribed", "<p>You will get no more mails of the kind <b>" + name + "</b>.</p>"));
        } else {
            ctx.result(page("Unsubscribe", "<form method=\"post\"><p>Stop mails of the kind <b>" + name
                    + "</b>?</p><button type=\"submit\">Unsubscribe</button></form>"));
        }
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + " \u2013 Parley</title></head><body><h1>" + title + "</h1>" + body + "</body></html>";
    }
}
