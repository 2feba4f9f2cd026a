package dev.parley.cli;

import dev.parley.file.FileSettings;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code parley serve} options for attachments. */
public final class FileOptions {
    @Option(names = "--max-upload-bytes", defaultValue = "${env:PARLEY_MAX_UPLOAD_BYTES:-" + FileSettings.DEFAULT_MAX_UPLOAD_BYTES + "}",
            description = "Largest accepted attachment (default: ${DEFAULT-VALUE}).")
    long maxUploadBytes = FileSettings.DEFAULT_MAX_UPLOAD_BYTES;

    @Option(names = "--upload-token-ttl", defaultValue = "3600", description = "Seconds an upload token stays valid (default: ${DEFAULT-VALUE}).")
    long uploadTokenTtl = 3600;

    @Option(names = "--access-token-ttl", defaultValue = "600", description = "Seconds a file access token stays valid (default: ${DEFAULT-VALUE}).")
    long accessTokenTtl = 600;

    @Option(names = "--orphan-upload-ttl", defaultValue = "86400",
            description = "Seconds after which an upload never attached to a message is removed (default: ${DEFAULT-VALUE}).")
    long orphanTtl = 86400;

    @Option(names = "--blob-store", defaultValue = "${env:PARLEY_BLOB_STORE:-filesystem}",
            description = "Where attachment bytes live: filesystem (under the data dir) or database (default: ${DEFAULT-VALUE}).")
    String blobStore = "filesystem";

    @Option(names = "--file-token-secret", defaultValue = "${env:PARLEY_FILE_TOKEN_SECRET}",
            description = "Secret (32+ characters) signing file access tokens; default: generated once into <data-dir>/secrets.")
    String secret;

    FileSettings settings() {
        if (maxUploadBytes < 1 || uploadTokenTtl < 1 || accessTokenTtl < 1 || orphanTtl < 1) {
            throw new IllegalArgumentException("attachment sizes and lifetimes must be at least 1");
        }
        if (!blobStore.equals("filesystem") && !blobStore.equals("database")) {
            throw new IllegalArgumentException("--blob-store must be filesystem or database");
        }
        return new FileSettings(Duration.ofSeconds(uploadTokenTtl), Duration.ofSeconds(accessTokenTtl),
                Duration.ofSeconds(orphanTtl), maxUploadBytes, blobStore, secret);
    }
}
