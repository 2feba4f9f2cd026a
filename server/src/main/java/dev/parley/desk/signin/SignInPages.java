package dev.parley.desk.signin;

import dev.parley.Platform;
import dev.parley.account.AccountService;
import dev.parley.api.ApiError;
import dev.parley.account.CsrfGuard;
import dev.parley.account.DeskSessions;
import dev.parley.account.LocalPath;
import dev.parley.account.Session;
import dev.parley.desk.Lang;
import dev.parley.desk.Pages;
import dev.parley.desk.Texts;
import dev.parley.desk.Viewer;
import dev.parley.storage.Database;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.HashMap;
import java.util.Map;

/**
 * The sign-in pages: {@code GET /sign-in} (the form posting to the accounts feature's
 * {@code POST /sign-in}), {@code GET|POST /account} (name, e-mail, change password),
 * {@code GET /invite/{token}} (choose a password), {@code /} (the viewer's home by role), and
 * who the layout shows as signed in. The session work itself stays in {@link DeskSessions} and
 * {@link AccountService}.
 */
public final class SignInPages {
    private final Pages pages;
    private final DeskSessions sessions;
    private final Database database;

    private SignInPages(Pages pages, DeskSessions sessions, Database database) {
        this.pages = pages;
        this.sessions = sessions;
        this.database = database;
    }

    public static void install(Platform platform, Pages pages, DeskSessions sessions) {
        SignInPages p = new SignInPages(pages, sessions, platform.database());
        pages.viewers(p::viewer);
        platform.routes(r -> {
            r.http().get("/", p::home);
            r.http().get("/sign-in", p::signIn);
            r.http().get("/account", p::account);
            r.http().post("/account", p::changePassword);
            r.http().get("/invite/{token}", p::invitation);
        });
    }

    /** The layout's signed-in user; staff are labelled as such. */
    private Viewer viewer(Context ctx) {
        return sessions.current(ctx).map(s -> new Viewer(s.caller().user().clearName(),
                s.caller().isEmployee() ? Texts.of(Lang.of(ctx)).get("signin.role.staff") : null,
                s.csrfToken())).orElse(null);
    }

    /** Customers start at their conversations, staff at the queue, anybody else at sign-in. */
    private void home(Context ctx) {
        String target = sessions.current(ctx)
                .map(s -> s.caller().isEmployee() ? "/queue" : "/conversations")
                .orElse("/sign-in");
        ctx.redirect(target, HttpStatus.SEE_OTHER);
    }

    private void signIn(Context ctx) {
        String next = LocalPath.orRoot(ctx.queryParam("next"));
        String error = ctx.queryParam("error");
        if (error == null && sessions.current(ctx).isPresent()) {
            ctx.redirect(next, HttpStatus.SEE_OTHER);
            return;
        }
        Map<String, Object> model = new HashMap<>();
        model.put("next", next);
        model.put("error", switch (error == null ? "" : error) {
            case "invalid" -> "signin.error.invalid";
            case "throttled" -> "signin.error.throttled";
            default -> "";
        });
        pages.render(ctx, "signin/sign-in.jte", model);
    }

    private void account(Context ctx) {
        Session session = sessions.require(ctx);
        String error = ctx.queryParam("error");
        pages.render(ctx, "signin/account.jte", Map.of(
                "name", nullToEmpty(session.caller().user().clearName()),
                "email", nullToEmpty(session.email()),
                "csrf", session.csrfToken(),
                "changed", "1".equals(ctx.queryParam("changed")),
                "error", switch (error == null ? "" : error) {
                    case "current" -> "signin.account.error.current";
                    case "weak" -> "signin.account.error.weak";
                    case "mismatch" -> "signin.account.error.mismatch";
                    default -> "";
                }));
    }

    /** POST /account: the CSRF guard has checked the form's token before this runs. */
    private void changePassword(Context ctx) {
        Session session = sessions.require(ctx);
        CsrfGuard.check(ctx, session); // the guard already did; kept so the page never relies on ordering
        String password = ctx.formParam("password");
        if (password == null || !password.equals(ctx.formParam("password2"))) {
            ctx.redirect("/account?error=mismatch", HttpStatus.SEE_OTHER);
            return;
        }
        try {
            AccountService.changePassword(database, session, nullToEmpty(ctx.formParam("current")), password);
        } catch (AccountService.Refused e) {
            boolean current = e.getMessage().startsWith("The current password");
            ctx.redirect("/account?error=" + (current ? "current" : "weak"), HttpStatus.SEE_OTHER);
            return;
        }
        ctx.redirect("/account?changed=1", HttpStatus.SEE_OTHER);
    }

    /**
     * A valid invitation gets the form; one shaped like an invitation but unknown, used or expired
     * a page that says so (410: the not-found page would hide why); anything else is not found.
     */
    private void invitation(Context ctx) {
        String token = ctx.pathParam("token");
        if (!AccountService.invitationValid(database, token)) {
            if (!token.matches("[A-Za-z0-9_-]{43}")) {
                throw ApiError.notFound("No such invitation");
            }
            pages.render(ctx, 410, "signin/invite-invalid.jte", Map.of());
            return;
        }
        String error = ctx.queryParam("error");
        pages.render(ctx, "signin/invite.jte", Map.of(
                "token", token,
                "error", switch (error == null ? "" : error) {
                    case "weak" -> "signin.account.error.weak";
                    case "mismatch" -> "signin.account.error.mismatch";
                    default -> "";
                }));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
