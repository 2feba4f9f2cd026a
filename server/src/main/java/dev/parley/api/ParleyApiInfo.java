package dev.parley.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code info} of Parley's own OpenAPI document. The contract's speaks for mittwald (title
 * "Mittwald API", tokens from mStudio, mittwald's support and security addresses); a Parley
 * installation is not mittwald's, so {@code /openapi.json} says what holds here instead. The
 * operations stay the contract's.
 */
final class ParleyApiInfo {
    static final String TITLE = "Parley API";

    private static final String DESCRIPTION = """
            ## Parley

            The HTTP API of this Parley installation, a self-hosted support desk. Its operations are
            mittwald's API v2 for conversations and files, with the same paths, parameters and shapes,
            plus Parley's documented extensions (each summary or description that starts with
            "Parley extension" says what it adds): staff statuses and internal notes, deleting
            attachments, a conversation's `shortId` wherever a path takes its id, the live event
            stream (`GET /v2/events`) and the staff desk's assignment, queue, read state and customer
            context.

            ## Authentication

            Send an API token in the `X-Access-Token` header or as a bearer token
            (`Authorization: Bearer <token>`). Tokens are issued by whoever runs this installation,
            on its server:

                ./parley admin token create --user <userId> [--description <text>] [--expires-in-days <n>]

            prints a new token once (Parley stores only its hash); `./parley admin token revoke <token>`
            stops it at once. Users come from `./parley admin user create` (see Parley's README).

            ## Rate limiting

            Requests are limited per API token, and per client address for requests without one.
            Every response of an API operation carries:

            - `X-Ratelimit-Limit`: the requests a full budget holds (per window).
            - `X-Ratelimit-Remaining`: the whole requests left right now.
            - `X-Ratelimit-Reset`: seconds until the budget is full again (Remaining back at Limit)
              if no further request is made.

            The budget refills continuously, not all at once at the end of a window. A `429` adds
            `Retry-After`: the seconds until the next request is allowed, usually far less than
            `X-Ratelimit-Reset`. Failed authentications have a budget of their own per client
            address; its `429` carries that budget in the same headers.

            ## Clients

            mittwald's official SDKs (JavaScript, PHP, Go), mittwald's CLI and Parley's own Java SDK
            work with this API once pointed at its base URL (the `servers` entry of this document);
            Parley's README says how for each.

            ## Security

            Report a vulnerability in Parley privately to its maintainers (a private security
            advisory on the project's repository), not in a public issue; see SECURITY.md in the
            repository. For anything else, ask whoever runs this installation.
            """;

    private ParleyApiInfo() {
    }

    /** Replaces the document's {@code info} with Parley's. */
    static void apply(ObjectNode document) {
        ObjectNode info = document.putObject("info");
        info.put("title", TITLE);
        info.put("version", version());
        info.put("description", DESCRIPTION);
        info.putObject("contact").put("name", "Parley");
    }

    /** The jar's implementation version (as {@code parley --version} prints it). */
    static String version() {
        String version = ParleyApiInfo.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
