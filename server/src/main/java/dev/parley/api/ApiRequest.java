package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.identity.Caller;
import io.javalin.http.Context;

/** A request that has passed authentication, rate limiting and parameter validation. */
public record ApiRequest(Context ctx, String operationId, Caller caller, RequestValidator.Parameters params,
                         RequestValidator validator) {

    /** The JSON body, validated against the operation's schema. */
    public JsonNode body() {
        return validator.body(ctx, operationId);
    }

    public String path(String name) {
        return params.pathText(name);
    }
}
