package dev.parley.client.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A downloaded file: the body as sent, its {@code Content-Type} and {@code Content-Disposition}.
 * For {@link FileRequestOptions.Encoding#BASE64} the body is base64 text; {@link #bytes()} decodes it.
 */
public record FileContent(byte[] body, String contentType, String contentDisposition) {

    public FileContent {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Whether the body is base64 text ({@code text/plain;base64}). */
    public boolean isBase64() {
        return contentType != null && contentType.replace(" ", "").toLowerCase(java.util.Locale.ROOT).startsWith("text/plain;base64");
    }

    /** The file's bytes, decoded from base64 when it was sent so. */
    public byte[] bytes() {
        return isBase64() ? Base64.getMimeDecoder().decode(body) : body.clone();
    }

    /** The file's bytes as UTF-8 text. */
    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileContent f && java.util.Arrays.equals(body, f.body)
                && java.util.Objects.equals(contentType, f.contentType)
                && java.util.Objects.equals(contentDisposition, f.contentDisposition);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(body) * 31 + java.util.Objects.hash(contentType, contentDisposition);
    }

    @Override
    public String toString() {
        return "FileContent[" + body.length + " bytes, " + contentType + ", " + contentDisposition + "]";
    }
}
