package dev.parley.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ApiError;
import dev.parley.api.ApiRequest;
import io.javalin.http.Context;
import org.apache.commons.io.output.CloseShieldOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Serving a file's bytes: as they are ({@code application/octet-stream}, sent with the file's
 * verified MIME type) or base64 ({@code text/plain;base64}), chosen by the {@code accept} query
 * parameter or the {@code Accept} header, inline or as attachment, with headers that keep a
 * browser from treating the bytes as anything but what they are.
 */
final class FileDownloads {
    static final String BASE64 = "text/plain;base64";
    static final String OCTETS = "application/octet-stream";

    private final FileService files;

    FileDownloads(FileService files) {
        this.files = files;
    }

    /** The file the request may open ({@code token} query parameter, {@code Token} header, or API token). */
    FileRow authorize(ApiRequest r) {
        JsonNode query = r.params().query("token");
        String token = query != null && !query.asText().isBlank() ? query.asText() : r.ctx().header("Token");
        return files.openable(r.path("fileId"), token == null || token.isBlank() ? null : token.strip(), r.caller());
    }

    void serve(ApiRequest r) throws IOException {
        FileRow file = authorize(r);
        Context ctx = r.ctx();
        boolean base64 = wantsBase64(r, file);
        String disposition = disposition(r);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
        ctx.header("Cache-Control", "private, no-store");
        ctx.header("Content-Disposition", disposition + "; filename=\"" + asciiName(file.name())
                + "\"; filename*=UTF-8''" + URLEncoder.encode(file.name(), StandardCharsets.UTF_8).replace("+", "%20"));
        ctx.status(200);
        // the exact bytes with an exact Content-Length: no response compression here
        ctx.disableCompression();
        try (InputStream in = files.content(file)) {
            if (base64) {
                ctx.res().setHeader("Content-Type", BASE64);
                ctx.res().setContentLengthLong(4 * ((file.sizeBytes() + 2) / 3));
                try (OutputStream out = Base64.getEncoder().wrap(CloseShieldOutputStream.wrap(ctx.outputStream()))) {
                    in.transferTo(out);
                }
            } else {
                ctx.res().setHeader("Content-Type", file.mimeType());
                ctx.res().setContentLengthLong(file.sizeBytes());
                in.transferTo(ctx.outputStream());
            }
        } catch (IOException e) {
            if (!ctx.res().isCommitted()) {
                throw new ApiError(500, "InternalServerError", "The file's content is not available");
            }
            throw e;
        }
    }

    /**
     * Base64 when asked for by the {@code accept} parameter or an {@code Accept} header naming
     * {@code text/plain;base64}; raw bytes for octet-stream, wildcards or the file's own type;
     * 406 for an Accept header that allows none of these.
     */
    private static boolean wantsBase64(ApiRequest r, FileRow file) {
        JsonNode param = r.params().query("accept");
        if (param != null) {
            return BASE64.equals(param.asText());
        }
        String header = r.ctx().header("Accept");
        if (header == null || header.isBlank()) {
            return false;
        }
        String type = file.mimeType();
        String family = type.substring(0, type.indexOf('/') + 1) + "*";
        boolean raw = false;
        for (String range : header.split(",")) {
            String media = range.strip().toLowerCase(Locale.ROOT).replace(" ", "");
            if (media.startsWith(BASE64)) {
                return true;
            }
            String base = media.split(";")[0];
            if (base.equals(OCTETS) || base.equals("*/*") || base.equals("application/*") || base.equals(type)
                    || base.equals(family)) {
                raw = true;
            }
        }
        if (!raw) {
            throw new ApiError(406, "NotAcceptable", "The file can be served as " + OCTETS + " or " + BASE64);
        }
        return false;
    }

    private static String disposition(ApiRequest r) {
        JsonNode param = r.params().query("content-disposition");
        String value = param != null ? param.asText() : r.ctx().header("Content-Disposition");
        if (value == null || value.isBlank()) {
            return "inline";
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("inline") || v.equals("attachment")) {
            return v;
        }
        throw ApiError.validation(".header.Content-Disposition", "enum", "must be inline or attachment",
                java.util.Map.of("allowedValues", "inline, attachment"));
    }

    private static String asciiName(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        return out.toString();
    }
}
