package dev.parley.file;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for upload tokens and files. */
public final class FileRepository {
    private static final String COLUMNS = "file_id, short_id, conversation_id, uploaded_by, name, mime_type, size_bytes,"
            + " sha256, created_at, message_id, deleted_at";
    private static final RowMapper<FileRow> MAPPER = (rs, ctx) -> new FileRow(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), rs.getString(8),
            rs.getLong(9), rs.getString(10), rs.getObject(11) == null ? null : rs.getLong(11));

    private FileRepository() {
    }

    /** An issued upload token; {@code claimed} while an upload holds it. */
    public record UploadToken(String conversationId, String userId, long expiresAt, Long usedAt, boolean claimed) {
    }

    public static void insertUploadToken(Handle h, String hash, String conversationId, String userId, long now, long expires) {
        h.createUpdate("""
                        INSERT INTO upload_tokens (token_hash, conversation_id, user_id, created_at, expires_at)
                        VALUES (:hash, :c, :u, :now, :expires)""")
                .bind("hash", hash).bind("c", conversationId).bind("u", userId).bind("now", now).bind("expires", expires)
                .execute();
    }

    public static Optional<UploadToken> findUploadToken(Handle h, String hash) {
        return h.createQuery("SELECT conversation_id, user_id, expires_at, used_at, claim_id FROM upload_tokens"
                        + " WHERE token_hash = :hash")
                .bind("hash", hash)
                .map((rs, ctx) -> new UploadToken(rs.getString(1), rs.getString(2), rs.getLong(3),
                        rs.getObject(4) == null ? null : rs.getLong(4), rs.getString(5) != null))
                .findOne();
    }

    /**
     * Claims an unused, unexpired, unclaimed token for one upload under {@code claimId}; false if
     * another upload claimed or used it first. One statement: of racing uploads, one wins.
     */
    public static boolean claimUploadToken(Handle h, String hash, String claimId, long now) {
        return h.createUpdate("""
                        UPDATE upload_tokens SET claim_id = :claim, claimed_at = :now
                        WHERE token_hash = :hash AND used_at IS NULL AND claim_id IS NULL AND expires_at >= :now""")
                .bind("claim", claimId).bind("now", now).bind("hash", hash).execute() == 1;
    }

    /** Gives up the claim of an upload that was refused or failed, so that the token can be used again. */
    public static void releaseUploadToken(Handle h, String hash, String claimId) {
        h.createUpdate("UPDATE upload_tokens SET claim_id = NULL, claimed_at = NULL"
                        + " WHERE token_hash = :hash AND claim_id = :claim AND used_at IS NULL")
                .bind("hash", hash).bind("claim", claimId).execute();
    }

    /** Marks the token claimed by {@code claimId} used by {@code fileId}; false if the claim is not held. */
    public static boolean useUploadToken(Handle h, String hash, String claimId, String fileId, long now) {
        return h.createUpdate("""
                        UPDATE upload_tokens SET used_at = :now, file_id = :f
                        WHERE token_hash = :hash AND claim_id = :claim AND used_at IS NULL""")
                .bind("now", now).bind("f", fileId).bind("hash", hash).bind("claim", claimId).execute() == 1;
    }

    public static boolean shortIdTaken(Handle h, String shortId) {
        return h.createQuery("SELECT 1 FROM files WHERE short_id = :s").bind("s", shortId).mapTo(Integer.class).findOne().isPresent();
    }

    public static void insertFile(Handle h, FileRow f) {
        h.createUpdate("INSERT INTO files (" + COLUMNS + ") VALUES (:id, :shortId, :c, :by, :name, :mime, :size, :sha,"
                        + " :at, NULL, NULL)")
                .bind("id", f.fileId()).bind("shortId", f.shortId()).bind("c", f.conversationId())
                .bind("by", f.uploadedBy()).bind("name", f.name()).bind("mime", f.mimeType())
                .bind("size", f.sizeBytes()).bind("sha", f.sha256()).bind("at", f.createdAt())
                .execute();
    }

    /** By UUID or by shortId. */
    public static Optional<FileRow> find(Handle h, String idOrShortId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM files WHERE file_id = :id OR short_id = :id")
                .bind("id", idOrShortId).map(MAPPER).findOne();
    }

    public static Map<String, List<FileRow>> forMessages(Handle h, List<String> messageIds) {
        Map<String, List<FileRow>> out = new HashMap<>();
        if (messageIds.isEmpty()) {
            return out;
        }
        h.createQuery("SELECT " + COLUMNS + " FROM files WHERE message_id IN (<ids>) ORDER BY created_at, file_id")
                .bindList("ids", messageIds).map(MAPPER)
                .forEach(f -> out.computeIfAbsent(f.messageId(), k -> new ArrayList<>()).add(f));
        return out;
    }

    /** Attaches an unattached, undeleted file; false if it was not in that state. */
    public static boolean attach(Handle h, String fileId, String messageId) {
        return h.createUpdate("UPDATE files SET message_id = :m WHERE file_id = :f AND message_id IS NULL AND deleted_at IS NULL")
                .bind("m", messageId).bind("f", fileId).execute() == 1;
    }

    public static void markDeleted(Handle h, String fileId, String by, long now) {
        h.createUpdate("UPDATE files SET deleted_at = :now, deleted_by = :by WHERE file_id = :f AND deleted_at IS NULL")
                .bind("now", now).bind("by", by).bind("f", fileId).execute();
    }

    /** Whether any undeleted file still needs the content. */
    public static boolean contentInUse(Handle h, String sha256) {
        return h.createQuery("SELECT 1 FROM files WHERE sha256 = :sha AND deleted_at IS NULL LIMIT 1")
                .bind("sha", sha256).mapTo(Integer.class).findOne().isPresent();
    }

    /** Which of {@code sha256s} some undeleted file still needs. */
    public static java.util.Set<String> contentsInUse(Handle h, List<String> sha256s) {
        if (sha256s.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(h.createQuery("SELECT DISTINCT sha256 FROM files WHERE sha256 IN (<shas>)"
                        + " AND deleted_at IS NULL")
                .bindList("shas", sha256s).mapTo(String.class).list());
    }

    /** Uploads never attached to a message, created before {@code cutoff}. */
    public static List<FileRow> orphans(Handle h, long cutoff) {
        return h.createQuery("SELECT " + COLUMNS + " FROM files WHERE message_id IS NULL AND deleted_at IS NULL"
                        + " AND created_at < :cutoff ORDER BY created_at LIMIT 500")
                .bind("cutoff", cutoff).map(MAPPER).list();
    }

    /** Removes an orphan upload entirely (it was never part of a conversation's timeline). */
    public static void deleteOrphan(Handle h, String fileId) {
        h.createUpdate("UPDATE upload_tokens SET file_id = NULL WHERE file_id = :f").bind("f", fileId).execute();
        h.createUpdate("DELETE FROM files WHERE file_id = :f AND message_id IS NULL").bind("f", fileId).execute();
    }

    public static int deleteExpiredUploadTokens(Handle h, long cutoff) {
        return h.createUpdate("DELETE FROM upload_tokens WHERE used_at IS NULL AND expires_at < :cutoff")
                .bind("cutoff", cutoff).execute();
    }
}
