package dev.parley.desk;

import dev.parley.Platform;
import dev.parley.api.ApiError;

/**
 * The web desk's foundation: templates ({@link Pages}), words ({@link Texts}), assets
 * ({@link DeskAssets}), Markdown ({@link Markdown}), error pages for browser requests
 * ({@link DeskErrors}) and the language switch. Screens install themselves with the
 * returned {@code Desk} (its pages and assets).
 */
public final class Desk {
    private final Pages pages;
    private final DeskAssets assets;

    private Desk(Pages pages, DeskAssets assets) {
        this.pages = pages;
        this.assets = assets;
    }

    public static Desk install(Platform platform) {
        DeskAssets assets = new DeskAssets();
        Pages pages = new Pages(assets);
        platform.htmlErrors(new DeskErrors(pages));
        platform.routes(r -> {
            // "/" (the viewer's home by role) is the sign-in pages' (desk.signin.SignInPages)
            r.http().get("/lang/{lang}", ctx -> LanguageSwitch.handle(ctx));
            r.http().get("/assets/{name}", ctx -> AssetHandler.serve(ctx,
                    assets.get(ctx.pathParam("name")).orElseThrow(() -> ApiError.notFound("No such asset"))));
        });
        return new Desk(pages, assets);
    }

    public Pages pages() {
        return pages;
    }

    public DeskAssets assets() {
        return assets;
    }
}
