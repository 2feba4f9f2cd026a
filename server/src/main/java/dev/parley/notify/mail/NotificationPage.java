package dev.parley.notify.mail;

import dev.parley.Platform;
import dev.parley.account.CsrfGuard;
import dev.parley.account.DeskSessions;
import dev.parley.account.Session;
import dev.parley.desk.Pages;
import dev.parley.storage.Database;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET|POST /account/notifications}: the signed-in user turns the kinds of mail meant for
 * them (staff: new conversations, customer messages; customers: conversations staff opened for
 * them, staff replies, status changes)
 * on and off and chooses the mails' language. The same settings as
 * {@code parley admin user notifications} and the mails' unsubscribe links.
 */
public final class NotificationPage {
    static final String PATH = "/account/notifications";

    /** One checkbox: a kind, its label's text key, whether it is on. */
    public record Choice(String kind, String label, boolean on) {
    }

    private final Pages pages;
    private final DeskSessions sessions;
    private final Database database;

    private NotificationPage(Pages pages, DeskSessions sessions, Database database) {
        this.pages = pages;
        this.sessions = sessions;
        this.database = database;
    }

    static void install(Platform platform, Pages pages, DeskSessions sessions) {
        NotificationPage page = new NotificationPage(pages, sessions, platform.database());
        platform.routes(r -> {
            r.http().get(PATH, page::show);
            r.http().post(PATH, page::save);
        });
    }

    private static List<MailKind> kindsFor(Session session) {
        boolean staff = session.caller().isEmployee();
        return Arrays.stream(MailKind.values()).filter(k -> k.toStaff() == staff).toList();
    }

    private void show(Context ctx) {
        Session session = sessions.require(ctx);
        String userId = session.caller().userId();
        Set<String> off = database.read(h -> MailUsers.optOuts(h, userId));
        String language = database.read(h -> NotificationSettings.language(h, userId));
        List<Choice> choices = kindsFor(session).stream()
                .map(k -> new Choice(k.id(), "notifications.kind." + k.id(), !off.contains(k.id()))).toList();
        pages.render(ctx, "notify/notifications.jte", Map.of(
                "choices", choices,
                "language", language,
                "csrf", session.csrfToken(),
                "saved", "1".equals(ctx.queryParam("saved"))));
    }

    /** POST: the CSRF guard has checked the form's token; checked boxes are on, the others off. */
    private void save(Context ctx) {
        Session session = sessions.require(ctx);
        CsrfGuard.check(ctx, session);
        String userId = session.caller().userId();
        String language = ctx.formParam("language");
        database.write(h -> {
            for (MailKind kind : kindsFor(session)) {
                MailUsers.setOptOut(h, userId, kind, ctx.formParam("kind-" + kind.id()) == null);
            }
            if (language != null && MailTexts.LANGUAGES.contains(language)) {
                NotificationSettings.setLanguage(h, userId, language);
            }
            return null;
        });
        ctx.redirect(PATH + "?saved=1", HttpStatus.SEE_OTHER);
    }
}
