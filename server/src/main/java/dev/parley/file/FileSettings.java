package dev.parley.file;

import java.time.Duration;

/**
 * How attachments behave: token lifetimes, how long an upload may wait to be attached, the size
 * cap, where blobs live ({@code filesystem} under the data directory or {@code database}), and
 * the secret that signs access tokens (null: generated once and kept in the data directory).
 */
public record FileSettings(Duration uploadTokenTtl, Duration accessTokenTtl, Duration orphanTtl, long maxUploadBytes,
                           String blobStore, String accessTokenSecret) {

    public static final long DEFAULT_MAX_UPLOAD_BYTES = 10L * 1024 * 1024;

    public static FileSettings defaults() {
        return new FileSettings(Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofHours(24),
                DEFAULT_MAX_UPLOAD_BYTES, "filesystem", null);
    }

    public FileSettings withMaxUploadBytes(long bytes) {
        return new FileSettings(uploadTokenTtl, accessTokenTtl, orphanTtl, bytes, blobStore, accessTokenSecret);
    }

    public FileSettings withUploadTokenTtl(Duration ttl) {
        return new FileSettings(ttl, accessTokenTtl, orphanTtl, maxUploadBytes, blobStore, accessTokenSecret);
    }

    public FileSettings withAccessTokenTtl(Duration ttl) {
        return new FileSettings(uploadTokenTtl, ttl, orphanTtl, maxUploadBytes, blobStore, accessTokenSecret);
    }

    public FileSettings withOrphanTtl(Duration ttl) {
        return new FileSettings(uploadTokenTtl, accessTokenTtl, ttl, maxUploadBytes, blobStore, accessTokenSecret);
    }

    public FileSettings withBlobStore(String kind) {
        return new FileSettings(uploadTokenTtl, accessTokenTtl, orphanTtl, maxUploadBytes, kind, accessTokenSecret);
    }

    public FileSettings withAccessTokenSecret(String secret) {
        return new FileSettings(uploadTokenTtl, accessTokenTtl, orphanTtl, maxUploadBytes, blobStore, secret);
    }
}
