package dev.parley.file;

/** An uploaded file as stored. */
public record FileRow(String fileId, String shortId, String conversationId, String uploadedBy, String name,
                      String mimeType, long sizeBytes, String sha256, long createdAt, String messageId,
                      Long deletedAt) {

    public boolean deleted() {
        return deletedAt != null;
    }
}
