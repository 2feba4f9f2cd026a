package dev.parley.client.model;

/**
 * How a file is asked for ({@code getFile}, {@code getFileWithName}, {@code getFileMeta}): the
 * file token (an access token from {@code getFileAccessToken}; only needed for protected files),
 * the encoding and the disposition, each sent in a header or as a query parameter, as the
 * contract allows both. {@code null} fields are not sent.
 */
public record FileRequestOptions(String token, Encoding accept, Disposition contentDisposition, Placement placement) {

    public FileRequestOptions {
        placement = placement == null ? Placement.HEADER : placement;
    }

    /** Nothing but the client's own API token. */
    public static FileRequestOptions none() {
        return new FileRequestOptions(null, null, null, Placement.HEADER);
    }

    /** A file token, sent in the {@code Token} header. */
    public static FileRequestOptions token(String token) {
        return new FileRequestOptions(token, null, null, Placement.HEADER);
    }

    public FileRequestOptions withAccept(Encoding value) {
        return new FileRequestOptions(token, value, contentDisposition, placement);
    }

    public FileRequestOptions withContentDisposition(Disposition value) {
        return new FileRequestOptions(token, accept, value, placement);
    }

    /** Send token, accept and content-disposition as query parameters (what a plain link does). */
    public FileRequestOptions inQuery() {
        return new FileRequestOptions(token, accept, contentDisposition, Placement.QUERY);
    }

    /** {@code application/octet-stream} (the bytes) or {@code text/plain;base64}. */
    public enum Encoding {
        OCTET_STREAM("application/octet-stream"), BASE64("text/plain;base64");

        private final String value;

        Encoding(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    public enum Disposition {
        INLINE("inline"), ATTACHMENT("attachment");

        private final String value;

        Disposition(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /** Where token, accept and content-disposition go. */
    public enum Placement {
        HEADER, QUERY
    }
}
