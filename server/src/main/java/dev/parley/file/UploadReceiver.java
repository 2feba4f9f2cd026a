package dev.parley.file;

import dev.parley.api.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.fileupload2.core.FileItemHeaders;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.MultipartInput;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Streams the multipart field {@code file} of an upload into a temporary file while hashing it,
 * and stops reading the moment it exceeds the size cap: nothing is held in memory and no more
 * than cap + 1 bytes ever reach the disk. Other fields are skipped; at most a few parts are read.
 */
public final class UploadReceiver {
    private static final int MAX_PARTS = 5;
    /** The headers of one part: room for a long file name in UTF-8 (sanitised and shortened later). */
    private static final int PART_HEADERS_MAX = 8 * 1024;
    /** How much the parts other than {@code file} may hold together (they are read and dropped). */
    private static final long OTHER_PARTS_BUDGET = 64 * 1024;
    /** Room for the multipart envelope (boundaries, part headers, other fields) beside the file itself. */
    public static final long MULTIPART_ENVELOPE_BYTES = 64 * 1024;
    private final Path tempDir;
    private final long maxBytes;

    public UploadReceiver(Path tempDir, long maxBytes) throws IOException {
        this.tempDir = tempDir;
        this.maxBytes = maxBytes;
        Files.createDirectories(tempDir);
    }

    /** The received part: where its bytes are, their hash and size, and what the client said of them. */
    public record Received(Path path, String sha256, long size, String clientName, String clientType)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            Files.deleteIfExists(path);
        }
    }

    public Received receive(HttpServletRequest request) {
        if (!JakartaServletFileUpload.isMultipartContent(request)) {
            throw new ApiError(400, "ValidationError", "The upload must be multipart/form-data with a field 'file'",
                    java.util.List.of(new ApiError.FieldError("must be multipart/form-data", ".file", "required",
                            Map.of("missingProperty", "file"))));
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes + MULTIPART_ENVELOPE_BYTES) {
            if (declared <= maxBytes + dev.parley.api.BodyDrain.LIMIT) {
                dev.parley.api.BodyDrain.drain(request);
            }
            throw tooLarge();
        }
        // MultipartInput rather than the item iterator: the iterator allows part headers of at most
        // 512 bytes, which a long (or non-ASCII) file name exceeds, and names are sanitised here
        JakartaServletFileUpload<?, ?> upload = new JakartaServletFileUpload<>();
        byte[] boundary = upload.getBoundary(request.getContentType());
        if (boundary == null) {
            throw malformed("The multipart Content-Type has no boundary");
        }
        try {
            MultipartInput input = MultipartInput.builder().setInputStream(request.getInputStream())
                    .setBoundary(boundary).setPartHeaderSizeMax(PART_HEADERS_MAX).get();
            input.setHeaderCharset(StandardCharsets.UTF_8);
            boolean more = input.skipPreamble();
            int parts = 0;
            long skipped = 0;
            while (more && ++parts <= MAX_PARTS) {
                FileItemHeaders headers = upload.getParsedHeaders(input.readHeaders());
                String fileName = upload.getFileName(headers);
                InputStream part = input.newInputStream();
                if ("file".equals(upload.getFieldName(headers)) && fileName != null) {
                    return store(part, fileName, headers.getHeader("Content-Type"), () -> dev.parley.api.BodyDrain.drain(request));
                }
                skipped += skip(part, OTHER_PARTS_BUDGET - skipped);
                more = input.readBoundary();
            }
        } catch (FileUploadException e) {
            throw malformed("The multipart body could not be read: " + e.getMessage());
        } catch (IOException e) {
            throw malformed("The upload was interrupted: " + e.getMessage());
        }
        throw new ApiError(400, "ValidationError", "The upload has no field 'file'",
                java.util.List.of(new ApiError.FieldError("must have required property 'file'", "", "required",
                        Map.of("missingProperty", "file"))));
    }

    /**
     * Receives a file that did not come over HTTP (an e-mail's attachment) the same way: into a
     * temporary file, hashed, refused (413) past the same size cap without reading further.
     */
    public Received receive(InputStream content, String fileName, String contentType) throws IOException {
        return store(content, fileName, contentType, () -> { });
    }

    private Received store(InputStream part, String fileName, String contentType, Runnable beforeTooLarge)
            throws IOException {
        Path temp = onDisk(() -> Files.createTempFile(tempDir, "upload-", ".part"));
        boolean ok = false;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            // not closed on refusal: closing a part's stream reads the rest of the part (all of a
            // 2 GB upload) to find the next boundary; abandoned, Jetty closes the connection instead
            try (OutputStream out = Files.newOutputStream(temp)) {
                InputStream in = new DigestInputStream(part, sha);
                int n;
                while ((n = in.read(buffer)) != -1) {
                    size += n;
                    if (size > maxBytes) {
                        beforeTooLarge.run();
                        throw tooLarge();
                    }
                    int length = n;
                    onDisk(() -> {
                        out.write(buffer, 0, length);
                        return null;
                    });
                }
            }
            part.close(); // at its end already: nothing left to read
            ok = true;
            return new Received(temp, HexFormat.of().formatHex(sha.digest()), size, fileName, contentType);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (!ok) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Reads a part to its end, refusing (without reading further) once it exceeds {@code budget}. */
    /** An action on the local disk (not the client's stream). */
    @FunctionalInterface
    private interface DiskAction<T> {
        T run() throws IOException;
    }

    /**
     * Runs a write to the temp directory. Its failure (typically the disk full) is Parley's, not
     * the client's: unchecked, so that it is not taken for an interrupted upload (400) below but
     * reaches the error mapping (507 when the disk is full).
     */
    private static <T> T onDisk(DiskAction<T> action) {
        try {
            return action.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot write the upload to disk: " + e.getMessage(), e);
        }
    }

    private long skip(InputStream part, long budget) throws IOException {
        byte[] buffer = new byte[8 * 1024];
        long read = 0;
        int n;
        while ((n = part.read(buffer)) != -1) {
            read += n;
            if (read > budget) {
                throw new ApiError(413, "PayloadTooLarge", "The upload's fields other than 'file' are larger than "
                        + OTHER_PARTS_BUDGET + " bytes");
            }
        }
        part.close();
        return read;
    }


    private ApiError tooLarge() {
        return new ApiError(413, "PayloadTooLarge", "The file is larger than the allowed " + maxBytes + " bytes");
    }

    private static ApiError malformed(String message) {
        return ApiError.validation("", "multipart", message, Map.of());
    }
}
