package dev.parley.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.error.ApiError;
import dev.parley.client.error.ForbiddenException;
import dev.parley.client.error.MittwaldApiException;
import dev.parley.client.error.NotFoundException;
import dev.parley.client.error.RateLimitedException;
import dev.parley.client.error.ServerException;
import dev.parley.client.error.UnauthorizedException;
import dev.parley.client.error.ValidationError;
import dev.parley.client.error.ValidationException;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An error response → the exception of its class, with the contract's error body. */
final class ErrorMapper {
    private ErrorMapper() {
    }

    static MittwaldApiException map(Call call, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String request = call.describe();
        JsonNode body = parse(response.body());
        ApiError error = body != null && body.hasNonNull("type")
                ? new ApiError(body.path("type").asText(), body.path("message").asText(null))
                : new ApiError("HTTP " + status, text(response.body()));
        var headers = response.headers();
        if (status == 400 || (body != null && ("ValidationError".equals(error.type()) || body.has("validationErrors")))) {
            return new ValidationException(request, status, error, validationErrors(body), headers);
        }
        return switch (status) {
            case 401 -> new UnauthorizedException(request, status, error, headers);
            case 403 -> new ForbiddenException(request, status, error, headers);
            case 404 -> new NotFoundException(request, status, error, headers);
            case 429 -> new RateLimitedException(request, status, error, headers, RetryAfter.of(headers).orElse(null));
            default -> status >= 500
                    ? new ServerException(request, status, error, headers, RetryAfter.of(headers).orElse(null))
                    : new MittwaldApiException(request, status, error, headers);
        };
    }

    private static List<ValidationError> validationErrors(JsonNode body) {
        List<ValidationError> list = new ArrayList<>();
        if (body != null) {
            for (JsonNode item : body.path("validationErrors")) {
                try {
                    list.add(Json.MAPPER.treeToValue(item, ValidationError.class));
                } catch (IOException e) {
                    list.add(new ValidationError(item.toString(), "", "unreadable", null));
                }
            }
        }
        return list;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String text(byte[] body) {
        if (body == null || body.length == 0) {
            return "(no body)";
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
