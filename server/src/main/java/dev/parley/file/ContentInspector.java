package dev.parley.file;

import dev.parley.api.ApiError;
import org.apache.tika.Tika;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Decides what an uploaded file really is: the MIME type is sniffed from the bytes (Apache
 * Tika), the name's extension and the declared part type must agree with it, it must be one of
 * the allowed types, and images must have readable dimensions within the rules.
 */
public final class ContentInspector {
    /** Tika's type registry (its XML configuration, parsed) is made at the first upload, not at start. */
    private static final class Sniffer {
        static final Tika TIKA = new Tika();
    }

    private final UploadRules rules;

    public ContentInspector(UploadRules rules) {
        this.rules = rules;
    }

    /** What the upload was accepted as. */
    public record Accepted(String name, String mimeType) {
    }

    public Accepted inspect(UploadReceiver.Received upload) throws IOException {
        String name = FileNames.sanitise(upload.clientName(), rules.maxNameLength());
        if (name.isEmpty()) {
            throw invalid(400, ".file", "name", "The file needs a name (with an extension)", Map.of());
        }
        if (upload.size() == 0) {
            throw invalid(422, ".file", "minSize", "The file is empty", Map.of("limit", "1"));
        }
        String sniffed;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(upload.path()))) {
            sniffed = Sniffer.TIKA.detect(in);
        }
        UploadRules.FileType actual = rules.typeForSniffed(sniffed).orElseThrow(() -> invalid(406, ".file", "mimeType",
                "Files of type " + sniffed + " are not accepted", Map.of("mimeType", sniffed,
                        "allowedValues", String.join(", ", rules.mimeTypes()))));
        UploadRules.FileType byName = rules.typeForName(name).orElseThrow(() -> invalid(422, ".file", "extension",
                "The file name must end in one of " + rules.extensions(), Map.of("allowedValues", String.join(", ", rules.extensions()))));
        if (!byName.equals(actual)) {
            throw invalid(422, ".file", "contentMismatch", "The content is " + sniffed + " but the name says "
                    + byName.mimeType(), Map.of("mimeType", sniffed, "expected", byName.mimeType()));
        }
        String declared = baseType(upload.clientType());
        if (declared != null && !declared.equals("application/octet-stream") && !actual.acceptsDeclared(declared)) {
            throw invalid(422, ".file", "contentMismatch", "The content is " + sniffed + " but was declared as " + declared,
                    Map.of("mimeType", sniffed, "declared", declared));
        }
        if (actual.isImage()) {
            checkDimensions(upload.path());
        }
        return new Accepted(name, actual.mimeType());
    }

    private void checkDimensions(Path path) {
        int[] size = dimensions(path);
        if (size == null) {
            throw invalid(422, ".file", "imageDimensions", "The image's dimensions cannot be read", Map.of());
        }
        int w = size[0];
        int h = size[1];
        if (w < rules.minWidth() || h < rules.minHeight() || w > rules.maxWidth() || h > rules.maxHeight()) {
            throw invalid(422, ".file", "imageDimensions", "The image is " + w + "x" + h + "; allowed are "
                    + rules.minWidth() + "x" + rules.minHeight() + " to " + rules.maxWidth() + "x" + rules.maxHeight(),
                    Map.of("width", String.valueOf(w), "height", String.valueOf(h)));
        }
    }

    /** Width and height from the image's header ({@link ImageHeaders}), or null if it cannot be read. */
    static int[] dimensions(Path path) {
        return ImageHeaders.read(path).map(size -> new int[]{size.width(), size.height()}).orElse(null);
    }

    private static String baseType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        return contentType.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static ApiError invalid(int status, String path, String type, String message, Map<String, String> context) {
        return new ApiError(status, "ValidationError", message, List.of(new ApiError.FieldError(message, path, type, context)));
    }
}
