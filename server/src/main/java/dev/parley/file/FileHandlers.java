package dev.parley.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Api;
import dev.parley.api.ApiError;
import dev.parley.api.ApiRequest;
import dev.parley.api.Json;
import dev.parley.api.Responses;
import dev.parley.conversation.ConversationHandlers;
import dev.parley.conversation.Mutation;
import dev.parley.storage.Ids;

import java.util.Map;

/**
 * HTTP handlers of the attachment operations. Upload and download are authorized by their own
 * tokens (the upload token in {@code Token}; the access token in {@code token} / {@code Token}),
 * so that a browser can open a plain link; an API token is accepted as well.
 */
public final class FileHandlers {
    private final FileService files;
    private final FileDownloads downloads;

    public FileHandlers(FileService files) {
        this.files = files;
        this.downloads = new FileDownloads(files);
    }

    public void register(Api api) {
        api.operation("conversation-request-file-upload", r -> {
            r.body(); // the optional body is checked like any other: JSON, an object, within the size limit
            Mutation<ObjectNode> m = files.requestUpload(r.caller(), ConversationHandlers.conversationId(r));
            Responses.mutation(r.ctx(), 201, m.value(), m.position());
        });
        api.operation("conversation-get-file-access-token", r -> {
            AccessTokens.Issued issued = files.accessToken(r.caller(), ConversationHandlers.conversationId(r), fileId(r));
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("accessToken", issued.token());
            body.put("expiresAt", dev.parley.storage.Clock.iso(issued.expiresAt().toEpochMilli()));
            Responses.json(r.ctx(), 200, body);
        });
        api.operationWithOwnToken("file-create-file", r -> {
            Mutation<ObjectNode> m = files.upload(uploadToken(r), r.ctx().req());
            Responses.mutation(r.ctx(), 201, m.value(), m.position());
        });
        api.operationWithOwnToken("file-get-file-upload-token-rules", r ->
                Responses.json(r.ctx(), 200, files.uploadTokenRules(r.path("fileUploadToken"))));
        api.operation("file-get-file-upload-type-rules", r -> {
            if (!"conversation".equals(r.path("fileUploadType"))) {
                throw ApiError.notFound("Parley accepts uploads for conversations only");
            }
            Responses.json(r.ctx(), 200, files.rules().fileUploadRules());
        });
        // meta before with-name: both match /v2/files/{id}/…
        api.operationWithOwnToken("file-get-file-meta", r ->
                Responses.json(r.ctx(), 200, FileService.meta(downloads.authorize(r))));
        api.operationWithOwnToken("file-get-file", downloads::serve);
        api.operationWithOwnToken("file-get-file-with-name", downloads::serve);
    }

    /** The staff-only extension {@code DELETE /v2/conversations/{conversationId}/files/{fileId}}. */
    public void registerExtensions(Api api) {
        api.operation("parley-delete-conversation-file", r -> {
            Mutation<String> m = files.delete(r.caller(), ConversationHandlers.conversationId(r), fileId(r));
            r.ctx().header("ETag", dev.parley.api.Consistency.etag(m.position()));
            r.ctx().status(204);
        });
    }

    private static String fileId(ApiRequest r) {
        String id = r.path("fileId");
        if (Ids.isUuid(id) || id != null && id.startsWith("file-")) {
            return id;
        }
        throw ApiError.validation(".fileId", "format", "must match format \"uuid\"", Map.of("format", "uuid"));
    }

    private static String uploadToken(ApiRequest r) {
        String token = r.ctx().header("Token");
        if (token == null || token.isBlank()) {
            throw ApiError.validation(".header.Token", "required", "the upload token is required in the Token header",
                    Map.of("missingProperty", "Token"));
        }
        if (!Ids.isUuid(token.strip())) {
            throw ApiError.validation(".header.Token", "format", "must match format \"uuid\"", Map.of("format", "uuid"));
        }
        return token.strip();
    }
}
