package dev.parley.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** GETs of Parley's own routes (no contract operation, so no contract check) for the ops tests. */
final class OpsHttp {
    private OpsHttp() {
    }

    static ApiResponse get(String baseUrl, String path, Map<String, String> headers) {
        ApiClient.Call call = new ApiClient(baseUrl).call(null, "GET", path);
        headers.forEach(call::header);
        return call.sendUnchecked();
    }

    static ApiResponse get(String baseUrl, String path) {
        return get(baseUrl, path, Map.of());
    }

    static JsonNode json(ApiResponse response) {
        return ApiClient.parse(response.text());
    }

    /** GETs {@code path} until {@code until} holds (readiness is cached for a second); the last answer. */
    static ApiResponse await(String baseUrl, String path, Predicate<ApiResponse> until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            ApiResponse response = get(baseUrl, path);
            if (until.test(response) || System.nanoTime() > deadline) {
                return response;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return response;
            }
        }
    }
}
