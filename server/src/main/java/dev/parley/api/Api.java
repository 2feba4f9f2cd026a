package dev.parley.api;

import dev.parley.identity.Caller;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.Optional;

/**
 * Binds handlers to the contract's operations: the path and method come from the contract, and
 * every request runs the same pipeline: refuse an address out of failed authentications
 * ({@link AuthFailureLimit}), authenticate (unless the operation is public; a failure spends one
 * of the address's budget), rate limit, check {@code if-event-reached} on reads (never waiting), validate parameters, handle (reads on the
 * read replica where {@link ReadRouting} allows).
 */
public final class Api {
    static final String HANDLED = "parley.handled";
    /** The request attribute holding the contract operation id of the request (access log, metrics). */
    public static final String OPERATION_ID = "parley.operationId";

    private final ContractDocument document;
    private final RequestValidator validator;
    private final Authentication authentication;
    private final RateLimiter rateLimiter;
    private final AuthFailureLimit authFailures;
    private final Consistency consistency;
    private final ReadRouting readRouting;
    private final ClientAddress clientAddress;
    private final RoutesConfig routes;
    private final DirectReads directReads;

    public Api(ContractDocument document, Authentication authentication, RateLimiter rateLimiter,
               AuthFailureLimit authFailures, Consistency consistency, dev.parley.storage.Database database,
               ClientAddress clientAddress, RoutesConfig routes, DirectReads directReads) {
        this.authFailures = authFailures;
        this.readRouting = new ReadRouting(database);
        this.clientAddress = clientAddress;
        this.document = document;
        this.validator = new RequestValidator(document);
        this.authentication = authentication;
        this.rateLimiter = rateLimiter;
        this.consistency = consistency;
        this.routes = routes;
        this.directReads = directReads;
    }

    /**
     * Where a read registered with {@link #operation} may also be answered from memory in front of
     * Javalin (its plainest requests; the route answers the rest), and where the access log hears of
     * those answers.
     */
    public DirectReads directReads() {
        return directReads;
    }

    public ContractDocument document() {
        return document;
    }

    /** Registers {@code handler} for the contract operation {@code operationId}. */
    public void operation(String operationId, ApiHandler handler) {
        register(operationId, document.isPublic(operationId), false, handler);
    }

    /**
     * Registers an operation that its own credential authorizes (an upload or file access
     * token): an API token is optional and, when sent, must be valid; the handler checks the rest.
     */
    public void operationWithOwnToken(String operationId, ApiHandler handler) {
        register(operationId, true, true, handler);
    }

    private void register(String operationId, boolean isPublic, boolean ownToken, ApiHandler handler) {
        ContractDocument.Operation op = document.operation(operationId);
        HandlerType method = HandlerType.findOrCreate(op.method());
        io.javalin.http.Handler route = ctx -> {
            ctx.attribute(OPERATION_ID, operationId);
            run(ctx, operationId, method, isPublic, ownToken, handler);
        };
        routes.addHttpHandler(method, op.path(), route);
        if (HandlerType.GET.equals(method)) {
            // HEAD is GET without the body (Jetty drops it, the headers stay): the same pipeline, so
            // the same 401, 404 and rate limit. Left to itself, Javalin answers HEAD on a GET route
            // with an empty 200 without running anything, with or without a token.
            routes.addHttpHandler(HandlerType.HEAD, op.path(), route);
        }
    }

    private void run(Context ctx, String operationId, HandlerType method, boolean isPublic, boolean ownToken,
                     ApiHandler handler) throws Exception {
        String address = clientAddress.of(ctx);
        boolean credential = AuthFailureLimit.presentsCredential(ctx, ownToken);
        if (credential) {
            authFailures.refuseIfExhausted(ctx, address); // before the credential is even looked at
        }
        Optional<Caller> caller;
        try {
            caller = authentication.authenticate(ctx, isPublic);
        } catch (ApiError e) {
            if (e.status() == 401 && !credential) {
                rateLimiter.consume(ctx, "address:" + address); // a missing token: an anonymous request
            }
            throw unauthorized(ctx, e, credential, address);
        }
        rateLimiter.consume(ctx, caller.map(Caller::rateLimitKey).orElse("address:" + address));
        try {
            handle(ctx, operationId, method, caller, handler);
        } catch (ApiError e) {
            throw unauthorized(ctx, e, credential, address); // a bad file access or upload token
        }
    }

    /** A 401 for a credential that was presented spends one of the address's failed attempts (429 when none is left). */
    private ApiError unauthorized(Context ctx, ApiError e, boolean credential, String address) {
        if (e.status() == 401 && credential) {
            authFailures.failed(ctx, address);
        }
        return e;
    }

    private void handle(Context ctx, String operationId, HandlerType method, Optional<Caller> caller, ApiHandler handler)
            throws Exception {
        QueryLimits.check(ctx);
        StrictUtf8.checkQuery(ctx.queryString());
        boolean read = HandlerType.GET.equals(method);
        long requiredPosition = read ? consistency.requiredPosition(ctx) : 0;
        RequestValidator.Parameters params = validator.parameters(ctx, operationId);
        ApiRequest request = new ApiRequest(ctx, operationId, caller.orElse(null), params, validator);
        if (read) {
            // authentication and rate limits above always use the primary: a revocation counts at once
            readRouting.run(requiredPosition, () -> handler.handle(request));
        } else {
            handler.handle(request);
        }
    }
}
