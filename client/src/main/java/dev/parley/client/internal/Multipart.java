package dev.parley.client.internal;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Supplier;

/** A {@code multipart/form-data} body with one file part, streamed (the content is never held in memory). */
public final class Multipart {
    private final String boundary = "parley-" + UUID.randomUUID();
    private final byte[] head;
    private final byte[] tail;

    /** The part {@code field} holding a file of that name and declared type. */
    public Multipart(String field, String fileName, String contentType) {
        head = ("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + quoted(field) + "\"; filename=\"" + quoted(fileName) + "\"\r\n"
                + "Content-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The body around {@code content}; replayable exactly when the supplier gives a fresh stream each time. */
    public HttpRequest.BodyPublisher publisher(Supplier<InputStream> content) {
        return HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(head),
                HttpRequest.BodyPublishers.ofInputStream(content),
                HttpRequest.BodyPublishers.ofByteArray(tail));
    }

    /** Quotes and line breaks cannot be part of a quoted header value: percent-encoded as browsers do. */
    private static String quoted(String value) {
        return value.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
