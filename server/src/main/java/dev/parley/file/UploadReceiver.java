package dev.parley.file;

import dev.parley.api.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        if (declared > maxBytes + 64 * 1024) {
            throw tooLarge();
        }
        JakartaServletFileUpload<?, ?> upload = new JakartaServletFileUpload<>();
        upload.setFileCountMax(MAX_PARTS);
        try {
            FileItemInputIterator items = upload.getItemIterator(request);
            int parts = 0;
            while (items.hasNext()) {
                FileItemInput item = items.next();
                if (++parts > MAX_PARTS) {
                    break;
                }
                if (!"file".equals(item.getFieldName()) || item.isFormField() && item.getName() == null) {
                    try (InputStream skip = item.getInputStream()) {
                        skip.skip(Long.MAX_VALUE);
                    }
                    continue;
                }
                return store(item);
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

    private Received store(FileItemInput item) throws IOException {
        Path temp = Files.createTempFile(tempDir, "upload-", ".part");
        boolean ok = false;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = new DigestInputStream(item.getInputStream(), sha);
                 OutputStream out = Files.newOutputStream(temp)) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    size += n;
                    if (size > maxBytes) {
                        throw tooLarge();
                    }
                    out.write(buffer, 0, n);
                }
            }
            ok = true;
            return new Received(temp, HexFormat.of().formatHex(sha.digest()), size, item.getName(), item.getContentType());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            if (!ok) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private ApiError tooLarge() {
        return new ApiError(413, "PayloadTooLarge", "The file is larger than the allowed " + maxBytes + " bytes");
    }

    private static ApiError malformed(String message) {
        return ApiError.validation("", "multipart", message, Map.of());
    }
}
