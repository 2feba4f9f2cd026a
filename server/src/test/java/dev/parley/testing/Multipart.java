package dev.parley.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A multipart/form-data body built by hand (boundary, part headers, CRLFs), so tests control
 * every byte: odd file names, declared part types, missing fields.
 */
public final class Multipart {
    private final String boundary = "----parley-test-" + UUID.randomUUID().toString().replace("-", "");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean finished;

    /** A body with one part {@code file}. */
    public static Multipart file(String fileName, String contentType, byte[] content) {
        return new Multipart().part("file", fileName, contentType, content);
    }

    /** A file part; {@code fileName} and {@code contentType} may be null to leave them out. */
    public Multipart part(String field, String fileName, String contentType, byte[] content) {
        StringBuilder headers = new StringBuilder("Content-Disposition: form-data; name=\"").append(field).append('"');
        if (fileName != null) {
            // as browsers encode a file name in a part header (HTML's multipart/form-data encoding)
            headers.append("; filename=\"").append(fileName.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A"))
                    .append('"');
        }
        headers.append("\r\n");
        if (contentType != null) {
            headers.append("Content-Type: ").append(contentType).append("\r\n");
        }
        return rawPart(headers.toString(), content);
    }

    /** A plain form field. */
    public Multipart field(String name, String value) {
        return part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A part with the given header lines (each ending in CRLF) and content. */
    public Multipart rawPart(String headerLines, byte[] content) {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        write("--" + boundary + "\r\n" + headerLines + "\r\n");
        out.writeBytes(content);
        write("\r\n");
        return this;
    }

    public String boundary() {
        return boundary;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The complete body, closing delimiter included. */
    public byte[] bytes() {
        if (!finished) {
            write("--" + boundary + "--\r\n");
            finished = true;
        }
        return out.toByteArray();
    }

    private void write(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
