package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A test client over real HTTP. Every response is checked against mittwald's contract for the
 * operation and status ({@link ContractAssertions}); a response outside the contract fails the
 * test that caused it.
 */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public ApiClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Starts a request for a contract operation (for response validation) at a concrete path. */
    public Call call(String operationId, String method, String path) {
        return new Call(operationId, method, path);
    }

    /** A request being built. */
    public final class Call {
        private final String operationId;
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;

        private Call(String operationId, String method, String path) {
            this.operationId = operationId;
            this.method = method;
            this.path = path;
        }

        /** Sends the token as {@code Authorization: Bearer}; null sends none. */
        public Call token(String token) {
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return this;
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A JSON body (serialised from a string, a JsonNode, a Map …) with content type application/json. */
        public Call json(Object value) {
            body = value instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8) : Json.bytes(value);
            headers.putIfAbsent("Content-Type", "application/json");
            return this;
        }

        /** A raw body with the given content type. */
        public Call raw(String contentType, byte[] bytes) {
            body = bytes;
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            return this;
        }

        /** Sends the request and validates the response against the contract. */
        public ApiResponse send() {
            ApiResponse response = sendUnchecked();
            ContractAssertions.assertMatchesContract(operationId, response);
            return response;
        }

        /** Sends without contract validation: only for requests outside the contract (unknown paths). */
        public ApiResponse sendUnchecked() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            try {
                HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new ApiResponse(method + " " + path, response.statusCode(), response.headers(), response.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    // ---- shortcuts for the common operations --------------------------------------------------

    public ApiResponse createConversation(String token, Object body) {
        return call("conversation-create-conversation", "POST", "/v2/conversations").token(token).json(body).send();
    }

    public ApiResponse getConversation(String token, String id) {
        return call("conversation-get-conversation", "GET", "/v2/conversations/" + id).token(token).send();
    }

    public ApiResponse listConversations(String token, String query) {
        return call("conversation-list-conversations", "GET", "/v2/conversations" + (query == null || query.isEmpty() ? "" : "?" + query))
                .token(token).send();
    }

    public ApiResponse updateConversation(String token, String id, Object body) {
        return call("conversation-update-conversation", "PUT", "/v2/conversations/" + id).token(token).json(body).send();
    }

    public ApiResponse setStatus(String token, String id, String status) {
        return call("conversation-set-conversation-status", "PUT", "/v2/conversations/" + id + "/status")
                .token(token).json(Map.of("status", status)).send();
    }

    public ApiResponse listMessages(String token, String id) {
        return call("conversation-list-messages-by-conversation", "GET", "/v2/conversations/" + id + "/messages").token(token).send();
    }

    public ApiResponse createMessage(String token, String id, Object body) {
        return call("conversation-create-message", "POST", "/v2/conversations/" + id + "/messages").token(token).json(body).send();
    }

    public ApiResponse updateMessage(String token, String id, String messageId, Object body) {
        return call("conversation-update-message", "PATCH", "/v2/conversations/" + id + "/messages/" + messageId)
                .token(token).json(body).send();
    }

    public ApiResponse members(String token, String id) {
        return call("conversation-get-conversation-members", "GET", "/v2/conversations/" + id + "/members").token(token).send();
    }

    public ApiResponse preferences(String token, String customerId) {
        return call("conversation-get-conversation-preferences-of-customer", "GET",
                "/v2/customers/" + customerId + "/conversation-preferences").token(token).send();
    }

    public ApiResponse listCategories(String token) {
        return call("conversation-list-categories", "GET", "/v2/conversation-categories").token(token).send();
    }

    public ApiResponse getCategory(String token, String id) {
        return call("conversation-get-category", "GET", "/v2/conversation-categories/" + id).token(token).send();
    }

    // ---- attachments ----------------------------------------------------------------------------

    public ApiResponse requestFileUpload(String token, String conversationId) {
        return call("conversation-request-file-upload", "POST", "/v2/conversations/" + conversationId + "/files")
                .token(token).json(Map.of()).send();
    }

    /** {@code POST /v2/files} with the upload token in {@code Token} and no API token. */
    public ApiResponse uploadFile(String uploadToken, Multipart body) {
        Call call = call("file-create-file", "POST", "/v2/files").raw(body.contentType(), body.bytes());
        if (uploadToken != null) {
            call.header("Token", uploadToken);
        }
        return call.send();
    }

    /** Requests an upload token as {@code apiToken} and uploads one file; the FileMeta (asserting 201). */
    public JsonNode upload(String apiToken, String conversationId, String name, String contentType, byte[] content) {
        String uploadToken = requestFileUpload(apiToken, conversationId).assertStatus(201).json().path("uploadToken").asText();
        return uploadFile(uploadToken, Multipart.file(name, contentType, content)).assertStatus(201).json();
    }

    public ApiResponse fileAccessToken(String token, String conversationId, String fileId) {
        return call("conversation-get-file-access-token", "GET",
                "/v2/conversations/" + conversationId + "/files/" + fileId + "/access-token").token(token).send();
    }

    /** An access token for the file (asserting 200). */
    public String accessToken(String token, String conversationId, String fileId) {
        return fileAccessToken(token, conversationId, fileId).assertStatus(200).json().path("accessToken").asText();
    }

    /** {@code GET /v2/files/{fileId}} with the access token as {@code token} query parameter (none if null). */
    public ApiResponse download(String fileId, String accessToken) {
        return call("file-get-file", "GET", "/v2/files/" + fileId + tokenQuery(accessToken)).send();
    }

    /** {@code GET /v2/files/{fileId}/meta} with the access token as {@code token} query parameter (none if null). */
    public ApiResponse fileMeta(String fileId, String accessToken) {
        return call("file-get-file-meta", "GET", "/v2/files/" + fileId + "/meta" + tokenQuery(accessToken)).send();
    }

    private static String tokenQuery(String accessToken) {
        return accessToken == null ? "" : "?token=" + java.net.URLEncoder.encode(accessToken, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Creates a conversation and returns its id (asserting 201). */
    public String newConversation(String token, Object body) {
        ApiResponse r = createConversation(token, body);
        r.assertStatus(201);
        return r.json().path("conversationId").asText();
    }

    public static JsonNode parse(String json) {
        return Json.tree(json);
    }
}
