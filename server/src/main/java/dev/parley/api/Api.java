package dev.parley.api;

import dev.parley.identity.Caller;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.Optional;

/**
 * Binds handlers to the contract's operations: the path and method come from the contract, and
 * every request runs the same pipeline: authenticate (unless the operation is public), rate
 * limit, check {@code if-event-reached} on reads (never waiting), validate parameters, handle (reads on the
 * read replica where {@link ReadRouting} allows).
 */
public final class Api {
    static final String HANDLED = "parley.handled";

    private final ContractDocument document;
    private final RequestValidator validator;
    private final Authentication authentication;
    private final RateLimiter rateLimiter;
    private final Consistency consistency;
    private final ReadRouting readRouting;
    private final ClientAddress clientAddress;
    private final RoutesConfig routes;

    public Api(ContractDocument document, Authentication authentication, RateLimiter rateLimiter,
               Consistency consistency, dev.parley.storage.Database database, ClientAddress clientAddress,
               RoutesConfig routes) {
        this.readRouting = new ReadRouting(database);
        this.clientAddress = clientAddress;
        this.document = document;
        this.validator = new RequestValidator(document);
        this.authentication = authentication;
        this.rateLimiter = rateLimiter;
        this.consistency = consistency;
        this.routes = routes;
    }

    public ContractDocument document() {
        return document;
    }

    /** Registers {@code handler} for the contract operation {@code operationId}. */
    public void operation(String operationId, ApiHandler handler) {
        register(operationId, document.isPublic(operationId), handler);
    }

    /**
     * Registers an operation that its own credential authorizes (an upload or file access
     * token): an API token is optional and, when sent, must be valid; the handler checks the rest.
     */
    public void operationWithOwnToken(String operationId, ApiHandler handler) {
        register(operationId, true, handler);
    }

    private void register(String operationId, boolean isPublic, ApiHandler handler) {
        ContractDocument.Operation op = document.operation(operationId);
        HandlerType method = HandlerType.findOrCreate(op.method());
        routes.addHttpHandler(method, op.path(), ctx -> run(ctx, operationId, method, isPublic, handler));
    }

    private void run(Context ctx, String operationId, HandlerType method, boolean isPublic, ApiHandler handler)
            throws Exception {
        Optional<Caller> caller = authentication.authenticate(ctx, isPublic);
        String key = caller.map(Caller::rateLimitKey).orElse("address:" + clientAddress.of(ctx));
        rateLimiter.consume(ctx, key);
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
