package dev.parley.file;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What may be attached to a conversation: screenshots and documents and logs. Each type lists
 * its extensions and the types content sniffing may report for it.
 */
public record UploadRules(List<FileType> fileTypes, long maxSizeInBytes, int maxNameLength,
                          int minWidth, int minHeight, int maxWidth, int maxHeight) {

    /**
     * An allowed type: its MIME type, extensions, the sniffed types that count as it, and the part
     * types a client may declare for it ({@code type/*} stands for any subtype). Besides these,
     * {@code application/octet-stream} (or no type) may be declared for any file.
     */
    public record FileType(String mimeType, List<String> extensions, List<String> sniffedAs, List<String> declaredAs) {
        boolean isImage() {
            return mimeType.startsWith("image/");
        }

        /** Whether {@code declared} (a MIME type without parameters, lower case) may be declared for this type. */
        boolean acceptsDeclared(String declared) {
            return declaredAs.stream().anyMatch(d -> d.equals(declared)
                    || d.endsWith("/*") && declared.startsWith(d.substring(0, d.length() - 1)));
        }
    }

    public static final int MAX_NAME_LENGTH = 120;

    public static UploadRules conversation(long maxSizeInBytes) {
        // declaredAs: what browsers send for these extensions (the OS's registry of types decides):
        // older and Windows names beside the registered ones, e.g. Excel's type for .csv
        return new UploadRules(List.of(
                new FileType("image/png", List.of(".png"), List.of("image/png"), List.of("image/png", "image/x-png")),
                new FileType("image/jpeg", List.of(".jpg", ".jpeg", ".jpe"), List.of("image/jpeg"),
                        List.of("image/jpeg", "image/pjpeg", "image/jpg")),
                new FileType("image/gif", List.of(".gif"), List.of("image/gif"), List.of("image/gif")),
                new FileType("image/webp", List.of(".webp"), List.of("image/webp"), List.of("image/webp")),
                new FileType("application/pdf", List.of(".pdf"), List.of("application/pdf"),
                        List.of("application/pdf", "application/x-pdf", "application/acrobat")),
                new FileType("text/plain", List.of(".txt", ".log", ".csv", ".json", ".md"), List.of("text/plain"),
                        List.of("text/*", "application/json", "application/vnd.ms-excel", "application/csv",
                                "application/x-csv"))),
                maxSizeInBytes, MAX_NAME_LENGTH, 1, 1, 10_000, 10_000);
    }

    public List<String> mimeTypes() {
        return fileTypes.stream().map(FileType::mimeType).toList();
    }

    public List<String> extensions() {
        return fileTypes.stream().flatMap(t -> t.extensions().stream()).toList();
    }

    /** The allowed type a file name's extension stands for. */
    public Optional<FileType> typeForName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return fileTypes.stream().filter(t -> t.extensions().stream().anyMatch(lower::endsWith)).findFirst();
    }

    public Optional<FileType> typeForSniffed(String sniffed) {
        return fileTypes.stream().filter(t -> t.sniffedAs().contains(sniffed)).findFirst();
    }

    /** {@code FileUploadRules} of the File domain. */
    public ObjectNode fileUploadRules() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode node = f.objectNode();
        ArrayNode extensions = node.putArray("extensions");
        extensions().forEach(extensions::add);
        ArrayNode types = node.putArray("fileTypes");
        for (FileType t : fileTypes) {
            ObjectNode type = types.addObject();
            type.put("mimeType", t.mimeType());
            ArrayNode ext = type.putArray("extensions");
            t.extensions().forEach(ext::add);
        }
        node.put("maxNameLength", maxNameLength);
        node.put("maxSizeInBytes", maxSizeInBytes);
        node.put("maxSizeInKB", maxSizeInBytes / 1024);
        node.put("maxSizeInKb", maxSizeInBytes / 1024);
        ArrayNode mime = node.putArray("mimeTypes");
        mimeTypes().forEach(mime::add);
        node.putObject("properties").set("imageDimensions", dimensions());
        return node;
    }

    /** The {@code rules} of {@code POST /v2/conversations/{id}/files}. */
    public ObjectNode conversationRules() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("maxSizeInKB", maxSizeInBytes / 1024);
        ArrayNode mime = node.putArray("mimeTypes");
        mimeTypes().forEach(mime::add);
        node.putObject("properties").set("imageDimensions", dimensions());
        return node;
    }

    private ObjectNode dimensions() {
        ObjectNode dims = JsonNodeFactory.instance.objectNode();
        dims.putObject("min").put("width", minWidth).put("height", minHeight);
        dims.putObject("max").put("width", maxWidth).put("height", maxHeight);
        return dims;
    }
}
