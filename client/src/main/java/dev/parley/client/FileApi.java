package dev.parley.client;

import dev.parley.client.internal.Call;
import dev.parley.client.internal.Json;
import dev.parley.client.internal.Multipart;
import dev.parley.client.internal.Transport;
import dev.parley.client.model.FileContent;
import dev.parley.client.model.FileMeta;
import dev.parley.client.model.FileRequestOptions;
import dev.parley.client.model.FileUploadRules;
import dev.parley.client.model.FileUploadType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import static dev.parley.client.internal.Transport.await;
import static dev.parley.client.internal.UrlParts.segment;

/**
 * The File operations, named as in mittwald's official JavaScript SDK ({@code client.file.…}).
 * Uploads authenticate with the upload token of {@code conversation().requestFileUpload} (header
 * {@code Token}); downloads with a file access token (header {@code Token} or query {@code token},
 * see {@link FileRequestOptions}) where the file is protected.
 */
public final class FileApi {
    private static final String DEFAULT_TYPE = "application/octet-stream";

    private final Transport transport;

    FileApi(Transport transport) {
        this.transport = transport;
    }

    /**
     * {@code POST /v2/files} (file-create-file): uploads {@code content} as {@code fileName}, its
     * type left to the server to sniff ({@code application/octet-stream}). The stream is read once
     * and not closed; an upload from a stream is never retried.
     */
    public FileMeta createFile(String uploadToken, String fileName, InputStream content) {
        return await(createFileAsync(uploadToken, fileName, DEFAULT_TYPE, content));
    }

    /** As {@link #createFile(String, String, InputStream)}, declaring the content's MIME type. */
    public FileMeta createFile(String uploadToken, String fileName, String contentType, InputStream content) {
        return await(createFileAsync(uploadToken, fileName, contentType, content));
    }

    /** Uploads a file from disk under its own name; may be retried (on 429), since it can be read again. */
    public FileMeta createFile(String uploadToken, Path file) {
        return await(createFileAsync(uploadToken, file));
    }

    public CompletableFuture<FileMeta> createFileAsync(String uploadToken, String fileName, InputStream content) {
        return createFileAsync(uploadToken, fileName, DEFAULT_TYPE, content);
    }

    public CompletableFuture<FileMeta> createFileAsync(String uploadToken, String fileName, String contentType, InputStream content) {
        Objects.requireNonNull(content, "content");
        boolean[] taken = {false};
        return upload(uploadToken, fileName, contentType, () -> {
            if (taken[0]) {
                throw new IllegalStateException("The upload stream was already sent");
            }
            taken[0] = true;
            return content;
        }, false);
    }

    public CompletableFuture<FileMeta> createFileAsync(String uploadToken, Path file) {
        Objects.requireNonNull(file, "file");
        return upload(uploadToken, file.getFileName().toString(), DEFAULT_TYPE, () -> {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, true);
    }

    private CompletableFuture<FileMeta> upload(String uploadToken, String fileName, String contentType,
                                               java.util.function.Supplier<InputStream> content, boolean replayable) {
        Objects.requireNonNull(uploadToken, "uploadToken");
        Objects.requireNonNull(fileName, "fileName");
        Multipart body = new Multipart("file", fileName, contentType == null ? DEFAULT_TYPE : contentType);
        return transport.json(Call.of("file-create-file", "POST", "/v2/files")
                .header("Token", uploadToken)
                .body(body.contentType(), body.publisher(content), replayable), Json.type(FileMeta.class));
    }

    /** {@code GET /v2/files/{fileId}} (file-get-file) with a file access token in the {@code Token} header. */
    public FileContent getFile(String fileId, String token) {
        return getFile(fileId, FileRequestOptions.token(token));
    }

    /** {@code GET /v2/files/{fileId}} (file-get-file). */
    public FileContent getFile(String fileId, FileRequestOptions options) {
        return await(getFileAsync(fileId, options));
    }

    public CompletableFuture<FileContent> getFileAsync(String fileId, FileRequestOptions options) {
        return download(Call.of("file-get-file", "GET", "/v2/files/" + segment(fileId)), options);
    }

    /** {@code GET /v2/files/{fileId}/{fileName}} (file-get-file-with-name) with a file access token in the {@code Token} header. */
    public FileContent getFileWithName(String fileId, String fileName, String token) {
        return getFileWithName(fileId, fileName, FileRequestOptions.token(token));
    }

    /** {@code GET /v2/files/{fileId}/{fileName}} (file-get-file-with-name). */
    public FileContent getFileWithName(String fileId, String fileName, FileRequestOptions options) {
        return await(getFileWithNameAsync(fileId, fileName, options));
    }

    public CompletableFuture<FileContent> getFileWithNameAsync(String fileId, String fileName, FileRequestOptions options) {
        return download(Call.of("file-get-file-with-name", "GET", "/v2/files/" + segment(fileId) + "/" + segment(fileName)),
                options);
    }

    private CompletableFuture<FileContent> download(Call call, FileRequestOptions options) {
        call.download();
        FileRequestOptions o = options == null ? FileRequestOptions.none() : options;
        String accept = o.accept() == null ? null : o.accept().value();
        String disposition = o.contentDisposition() == null ? null : o.contentDisposition().value();
        if (o.placement() == FileRequestOptions.Placement.QUERY) {
            call.query("token", o.token()).query("accept", accept).query("content-disposition", disposition);
        } else {
            call.header("Token", o.token()).header("Accept", accept).header("Content-Disposition", disposition);
        }
        return transport.send(call).thenApply(response -> new FileContent(response.body(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("Content-Disposition").orElse(null)));
    }

    /** {@code GET /v2/files/{fileId}/meta} (file-get-file-meta) with a file access token in the {@code Token} header. */
    public FileMeta getFileMeta(String fileId, String token) {
        return getFileMeta(fileId, FileRequestOptions.token(token));
    }

    /** {@code GET /v2/files/{fileId}/meta} (file-get-file-meta); of the options only the token (and where it goes) applies. */
    public FileMeta getFileMeta(String fileId, FileRequestOptions options) {
        return await(getFileMetaAsync(fileId, options));
    }

    public CompletableFuture<FileMeta> getFileMetaAsync(String fileId, FileRequestOptions options) {
        FileRequestOptions o = options == null ? FileRequestOptions.none() : options;
        Call call = Call.of("file-get-file-meta", "GET", "/v2/files/" + segment(fileId) + "/meta");
        if (o.placement() == FileRequestOptions.Placement.QUERY) {
            call.query("token", o.token());
        } else {
            call.header("Token", o.token());
        }
        return transport.json(call, Json.type(FileMeta.class));
    }

    /** {@code GET /v2/file-upload-tokens/{fileUploadToken}/rules} (file-get-file-upload-token-rules). */
    public FileUploadRules getFileUploadTokenRules(String fileUploadToken) {
        return await(getFileUploadTokenRulesAsync(fileUploadToken));
    }

    public CompletableFuture<FileUploadRules> getFileUploadTokenRulesAsync(String fileUploadToken) {
        return transport.json(Call.of("file-get-file-upload-token-rules", "GET",
                "/v2/file-upload-tokens/" + segment(fileUploadToken) + "/rules"), Json.type(FileUploadRules.class));
    }

    /** {@code GET /v2/file-upload-types/{fileUploadType}/rules} (file-get-file-upload-type-rules); public. */
    public FileUploadRules getFileUploadTypeRules(FileUploadType fileUploadType) {
        return await(getFileUploadTypeRulesAsync(fileUploadType));
    }

    public CompletableFuture<FileUploadRules> getFileUploadTypeRulesAsync(FileUploadType fileUploadType) {
        return transport.json(Call.of("file-get-file-upload-type-rules", "GET",
                "/v2/file-upload-types/" + segment(fileUploadType.value()) + "/rules"), Json.type(FileUploadRules.class));
    }
}
