package dev.parley.file;

import dev.parley.ParleyConfig;
import dev.parley.Platform;
import dev.parley.storage.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/** The files feature: uploads, downloads through access tokens, and the sweep of uploads never attached. */
public final class Attachments {
    private static final Logger LOG = LoggerFactory.getLogger(Attachments.class);

    private Attachments() {
    }

    public static FileService install(Platform platform) {
        ParleyConfig config = platform.config();
        FileService files = fileService(platform);
        platform.bodyLimit().allow("POST", "/v2/files", config.files().maxUploadBytes() + UploadReceiver.MULTIPART_ENVELOPE_BYTES);
        platform.routes(r -> {
            FileHandlers handlers = new FileHandlers(files);
            handlers.register(r.api());
            handlers.registerExtensions(r.api());
        });
        long seconds = Math.max(1, Math.min(config.files().orphanTtl().toSeconds() / 4, 600));
        platform.every("Orphan sweep", Duration.ofSeconds(seconds), () -> sweep(files));
        return files;
    }

    private static FileService fileService(Platform platform) {
        ParleyConfig config = platform.config();
        try {
            FileSettings settings = config.files();
            BlobStore blobs = "database".equals(settings.blobStore())
                    ? new DatabaseBlobStore(platform.database())
                    : new FileSystemBlobStore(config.dataDir().resolve("blobs"));
            PrivateFiles.createDirectories(config.dataDir().resolve("tmp"));
            UploadReceiver receiver = new UploadReceiver(config.dataDir().resolve("tmp"), settings.maxUploadBytes());
            AccessTokens tokens = new AccessTokens(AccessTokens.secret(settings.accessTokenSecret(), config.dataDir()),
                    settings.accessTokenTtl());
            return new FileService(platform.database(), platform.events(), blobs, receiver, tokens, settings);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare attachment storage in " + config.dataDir() + ": " + e.getMessage(), e);
        }
    }

    private static void sweep(FileService files) {
        int removed = files.sweepOrphans();
        if (removed > 0) {
            LOG.info("Removed {} uploads never attached to a message", removed);
        }
    }
}
