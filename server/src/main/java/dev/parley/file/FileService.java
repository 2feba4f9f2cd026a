package dev.parley.file;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.ApiError;
import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationRow;
import dev.parley.conversation.Mutation;
import dev.parley.conversation.TimelineEntry;
import dev.parley.conversation.TimelineRepository;
import dev.parley.events.EventLog;
import dev.parley.identity.AccessPolicy;
import dev.parley.identity.Caller;
import dev.parley.identity.Tokens;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import dev.parley.storage.Ids;
import dev.parley.storage.TransactionLocks;
import jakarta.servlet.http.HttpServletRequest;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Attachments: upload tokens, checked uploads into the blob store, attaching to messages,
 * access tokens, downloads, staff deletion, and the sweep of uploads nobody attached.
 */
public final class FileService {
    private static final Logger LOG = LoggerFactory.getLogger(FileService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] SHORT_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz".toCharArray();
    /**
     * How old a content no file uses must be before the sweep removes it: an upload stores its
     * blob before it writes its row. (The content lock alone keeps that correct; the grace saves
     * such an upload from having to store its blob a second time.)
     */
    static final Duration BLOB_GRACE = Duration.ofHours(1);
    private static final int SWEEP_BATCH = 500;

    private final Database database;
    private final EventLog events;
    private final BlobStore blobs;
    private final UploadRules rules;
    private final ContentInspector inspector;
    private final UploadReceiver receiver;
    private final AccessTokens accessTokens;
    private final FileSettings settings;
    private volatile ContentSeams seams = ContentSeams.NONE;

    public FileService(Database database, EventLog events, BlobStore blobs, UploadReceiver receiver,
                       AccessTokens accessTokens, FileSettings settings) {
        this.database = database;
        this.events = events;
        this.blobs = blobs;
        this.rules = UploadRules.conversation(settings.maxUploadBytes());
        this.inspector = new ContentInspector(rules);
        this.receiver = receiver;
        this.accessTokens = accessTokens;
        this.settings = settings;
    }

    /** Tests: where to hold an operation on its way (see {@link ContentSeams}). */
    void seams(ContentSeams seams) {
        this.seams = seams;
    }

    public UploadRules rules() {
        return rules;
    }

    // ---- upload tokens ------------------------------------------------------------------------

    /** Issues an upload token for a conversation the caller can see. */
    public Mutation<ObjectNode> requestUpload(Caller caller, String conversationIdOrShortId) {
        String token = Ids.newId();
        Mutation<ObjectNode> m = database.write(h -> {
            ConversationRow c = visibleConversation(h, caller, conversationIdOrShortId);
            long now = Clock.nowMillis();
            FileRepository.insertUploadToken(h, Tokens.hash(token), c.conversationId(), caller.userId(), now,
                    now + settings.uploadTokenTtl().toMillis());
            long position = events.append(h, "FileUploadRequested", c.conversationId(), caller.userId(), null,
                    EventLog.ACTOR);
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("conversationId", c.conversationId());
            body.put("uploadToken", token);
            body.set("rules", rules.conversationRules());
            return new Mutation<>(body, position);
        });
        events.committed(m.position());
        return m;
    }

    /** The rules of an upload token that can still be used; 404 otherwise. */
    public ObjectNode uploadTokenRules(String token) {
        Optional<FileRepository.UploadToken> found = database.read(h -> FileRepository.findUploadToken(h, Tokens.hash(token)));
        if (found.isEmpty() || found.get().usedAt() != null || found.get().expiresAt() < Clock.nowMillis()) {
            throw ApiError.notFound("No usable upload token");
        }
        return rules.fileUploadRules();
    }

    // ---- upload -------------------------------------------------------------------------------

    /**
     * Receives, checks and stores the upload for a valid upload token; answers its FileMeta.
     *
     * <p>The token is claimed in the database before the body is read, so of uploads racing on
     * one token all but one are 409 before anything is stored. When the content is refused (or
     * the upload fails), the claim is released and the token can be used again: nothing was kept
     * for it, and a user who picked the wrong file retries with the same token.
     */
    public Mutation<ObjectNode> upload(String token, HttpServletRequest request) throws IOException {
        String hash = Tokens.hash(token);
        FileRepository.UploadToken issued = database.read(h -> FileRepository.findUploadToken(h, hash))
                .orElseThrow(() -> ApiError.unauthorized("The upload token is not valid"));
        if (issued.usedAt() != null || issued.claimed()) {
            throw conflict(request, "The upload token has been used already, or another upload is using it");
        }
        if (issued.expiresAt() < Clock.nowMillis()) {
            throw ApiError.unauthorized("The upload token has expired");
        }
        String claim = Ids.newId();
        if (!database.write(h -> FileRepository.claimUploadToken(h, hash, claim, Clock.nowMillis()))) {
            throw conflict(request, "The upload token has been used already, or another upload is using it");
        }
        return receiveAndStore(hash, claim, issued, () -> receiver.receive(request));
    }

    /** What receives an upload's bytes (the HTTP request's, or an e-mail attachment's). */
    @FunctionalInterface
    private interface Reception {
        UploadReceiver.Received receive() throws IOException;
    }

    /** Receives and stores an upload for its claimed token; the claim is released unless it was stored. */
    private Mutation<ObjectNode> receiveAndStore(String hash, String claim, FileRepository.UploadToken issued,
                                                 Reception reception) throws IOException {
        boolean stored = false;
        try (UploadReceiver.Received received = reception.receive()) {
            Mutation<ObjectNode> m = storeClaimed(hash, claim, issued, received);
            stored = true;
            return m;
        } finally {
            if (!stored) {
                releaseClaim(hash, claim);
            }
        }
    }

    /**
     * An upload that did not come over HTTP (an e-mail's attachment) for a valid upload token:
     * the same claim, reception (size cap), inspection and storing as {@link #upload}. The
     * token's user's unattached file, as if uploaded through the API; the same errors.
     */
    public Mutation<ObjectNode> upload(String token, InputStream content, String fileName, String contentType)
            throws IOException {
        String hash = Tokens.hash(token);
        FileRepository.UploadToken issued = database.read(h -> FileRepository.findUploadToken(h, hash))
                .filter(t -> t.usedAt() == null && !t.claimed() && t.expiresAt() >= Clock.nowMillis())
                .orElseThrow(() -> ApiError.unauthorized("The upload token is not valid"));
        String claim = Ids.newId();
        if (!database.write(h -> FileRepository.claimUploadToken(h, hash, claim, Clock.nowMillis()))) {
            throw conflict("The upload token has been used already, or another upload is using it");
        }
        return receiveAndStore(hash, claim, issued, () -> receiver.receive(content, fileName, contentType));
    }

    /** Inspects a received upload and stores it for its claimed token (the upload's own steps after reception). */
    private Mutation<ObjectNode> storeClaimed(String hash, String claim, FileRepository.UploadToken issued,
                                              UploadReceiver.Received received) throws IOException {
        ContentInspector.Accepted accepted = inspector.inspect(received);
        String sha256 = received.sha256();
        blobs.prepare(sha256, received.path(), received.size());
        seams.blobStored(sha256);
        Mutation<ObjectNode> m = database.write(h -> {
            // after a removal of the same content (which takes this lock too) the blob is stored again
            TransactionLocks.exclusive(h, contentLock(sha256));
            blobs.store(h, sha256, received.path(), received.size());
            String fileId = Ids.newId();
            FileRow row = new FileRow(fileId, uniqueShortId(h), issued.conversationId(), issued.userId(),
                    accepted.name(), accepted.mimeType(), received.size(), sha256, Clock.nowMillis(),
                    null, null);
            FileRepository.insertFile(h, row);
            if (!FileRepository.useUploadToken(h, hash, claim, fileId, Clock.nowMillis())) {
                throw conflict("The upload token has been used already");
            }
            // the uploader's until a message attaches it (then MessageCreated tells its audience)
            long position = events.append(h, "FileUploaded", issued.conversationId(), issued.userId(), fileId,
                    EventLog.ACTOR);
            return new Mutation<>(meta(row), position);
        });
        events.committed(m.position());
        return m;
    }

    private void releaseClaim(String hash, String claim) {
        try {
            database.write(h -> {
                FileRepository.releaseUploadToken(h, hash, claim);
                return null;
            });
        } catch (RuntimeException e) {
            // the upload's own failure is what the client hears; the token stays claimed until it expires
            LOG.warn("Could not release the claim of a refused upload: {}", e.getMessage());
        }
    }

    /** The lock that storing a content for a new file row and removing it take (see {@link BlobStore}). */
    private static String contentLock(String sha256) {
        return "content:" + sha256;
    }

    private static String uniqueShortId(Handle h) {
        for (int attempt = 0; attempt < 20; attempt++) {
            StringBuilder s = new StringBuilder("file-");
            for (int i = 0; i < 8; i++) {
                s.append(SHORT_ALPHABET[RANDOM.nextInt(SHORT_ALPHABET.length)]);
            }
            if (!FileRepository.shortIdTaken(h, s.toString())) {
                return s.toString();
            }
        }
        throw new IllegalStateException("Could not find a free file shortId");
    }

    /** A 409 before the body is read: the body is drained first, so that the client hears the answer. */
    private static ApiError conflict(HttpServletRequest request, String message) {
        dev.parley.api.BodyDrain.drain(request);
        return conflict(message);
    }

    private static ApiError conflict(String message) {
        return new ApiError(409, "ValidationError", message,
                List.of(new ApiError.FieldError(message, ".header.Token", "used", Map.of())));
    }

    // ---- attaching (inside the message's transaction) -----------------------------------------

    /** Attaches the caller's own, unattached uploads of this conversation to a new message. */
    public static void attach(Handle h, Caller caller, String conversationId, String messageId, List<String> fileIds) {
        for (int i = 0; i < fileIds.size(); i++) {
            String id = fileIds.get(i);
            Optional<FileRow> file = FileRepository.find(h, id);
            boolean usable = file.isPresent() && file.get().conversationId().equals(conversationId)
                    && file.get().uploadedBy().equals(caller.userId()) && file.get().messageId() == null
                    && !file.get().deleted() && FileRepository.attach(h, file.get().fileId(), messageId);
            if (!usable) {
                // the same answer whether the id exists or not, and without echoing it
                throw ApiError.validation(".fileIds[" + i + "]", "reference",
                        "no unattached file of yours with this id in this conversation", Map.of());
            }
        }
    }

    // ---- access and download ------------------------------------------------------------------

    /** An access token for a file of a conversation the caller can see. */
    public AccessTokens.Issued accessToken(Caller caller, String conversationIdOrShortId, String fileIdOrShortId) {
        return accessToken(caller, conversationIdOrShortId, fileIdOrShortId, null);
    }

    /**
     * An access token valid for {@code validFor} (null: the configured lifetime), for a file of a
     * conversation the caller can see (notification mails link attachments with these).
     */
    public AccessTokens.Issued accessToken(Caller caller, String conversationIdOrShortId, String fileIdOrShortId,
                                           java.time.Duration validFor) {
        FileRow file = database.read(h -> {
            ConversationRow c = visibleConversation(h, caller, conversationIdOrShortId);
            return FileRepository.find(h, fileIdOrShortId)
                    .filter(f -> f.conversationId().equals(c.conversationId()) && !f.deleted())
                    .filter(f -> mayOpen(h, caller, f))
                    .orElseThrow(() -> ApiError.notFound("File not found"));
        });
        return validFor == null ? accessTokens.issue(file.fileId()) : accessTokens.issue(file.fileId(), validFor);
    }

    /** Whether a caller who sees the conversation may open the file (staff notes' files: staff only). */
    private static boolean mayOpen(Handle h, Caller caller, FileRow f) {
        if (caller.isEmployee()) {
            return true;
        }
        if (f.messageId() == null) {
            return f.uploadedBy().equals(caller.userId());
        }
        return TimelineRepository.find(h, f.conversationId(), f.messageId()).map(e -> !e.internal()).orElse(false);
    }

    /**
     * The file a download may open: with an access token, only the file it was issued for (401
     * for an invalid or expired token); with an API token alone, files of conversations the
     * caller sees. Every other id, whether it exists or not (another file, a hidden, deleted or
     * unknown one), is the same 404, so that no credential confirms that someone else's file id exists.
     */
    public FileRow openable(String fileIdOrShortId, String accessToken, Caller caller) {
        FileRow file = database.read(h -> FileRepository.find(h, fileIdOrShortId).filter(f -> !f.deleted()))
                .orElse(null);
        if (accessToken != null) {
            String tokenFile = accessTokens.verify(accessToken)
                    .orElseThrow(() -> ApiError.unauthorized("The file access token is not valid or has expired"));
            if (file == null || !tokenFile.equals(file.fileId())) {
                throw ApiError.notFound("File not found");
            }
            return file;
        }
        if (caller == null) {
            throw ApiError.unauthorized("A file access token (token or Token) or an API token is required");
        }
        if (file == null) {
            throw ApiError.notFound("File not found");
        }
        boolean allowed = database.read(h -> ConversationRepository.find(h, file.conversationId())
                .filter(c -> AccessPolicy.canSee(caller, c)).isPresent() && mayOpen(h, caller, file));
        if (!allowed) {
            throw ApiError.notFound("File not found");
        }
        return file;
    }

    public InputStream content(FileRow file) throws IOException {
        return blobs.open(file.sha256());
    }

    /** {@code FileMeta} of the File domain. */
    public static ObjectNode meta(FileRow f) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", f.fileId());
        node.put("shortId", f.shortId());
        node.put("name", f.name());
        node.put("mimeType", f.mimeType());
        node.put("type", f.mimeType());
        node.put("sizeInBytes", f.sizeBytes());
        // a relative URL of GET /v2/files/{fileId}/{fileName}: the name as an encoded path segment
        String friendly = f.fileId() + "/" + FileNames.urlSegment(f.name());
        node.put("friendlyUrl", friendly);
        node.put("friendlyURL", friendly);
        return node;
    }

    // ---- deletion and the orphan sweep --------------------------------------------------------

    /** Staff remove an attachment: it shows as DeletedFile from now on and its bytes are gone. */
    public Mutation<String> delete(Caller caller, String conversationIdOrShortId, String fileIdOrShortId) throws IOException {
        Mutation<FileRow> m = database.write(h -> {
            ConversationRow c = visibleConversation(h, caller, conversationIdOrShortId);
            FileRow f = FileRepository.find(h, fileIdOrShortId)
                    .filter(x -> x.conversationId().equals(c.conversationId()) && !x.deleted())
                    // a file the caller may not open (a staff note's) is as absent as any other
                    .filter(x -> mayOpen(h, caller, x))
                    .orElseThrow(() -> ApiError.notFound("File not found"));
            if (!caller.isEmployee()) {
                throw ApiError.forbidden("Only staff may delete attachments");
            }
            FileRepository.markDeleted(h, f.fileId(), caller.userId(), Clock.nowMillis());
            // the file's audience: a staff note's (or a never attached upload's) deletion is for staff
            boolean everyone = f.messageId() != null && TimelineRepository.find(h, f.conversationId(), f.messageId())
                    .map(e -> !e.internal()).orElse(false);
            long position = events.append(h, "FileDeleted", c.conversationId(), caller.userId(), f.fileId(),
                    everyone ? null : EventLog.STAFF);
            return new Mutation<>(f, position);
        });
        events.committed(m.position());
        try {
            removeContentIfUnused(m.value().sha256());
        } catch (IOException | RuntimeException e) {
            // deleted all the same; the sweep removes content no file uses later
            LOG.warn("Could not remove the content of deleted file {}: {}", m.value().fileId(), e.getMessage());
        }
        return new Mutation<>(m.value().fileId(), m.position());
    }

    /**
     * Removes the content unless a file uses it, in a transaction holding the content's lock (see
     * {@link BlobStore}): an upload of the same bytes has either committed its row before (the
     * content stays) or stores the content again after. True if it was removed.
     */
    private boolean removeContentIfUnused(String sha256) throws IOException {
        return database.write(h -> {
            TransactionLocks.exclusive(h, contentLock(sha256));
            if (FileRepository.contentInUse(h, sha256)) {
                return false;
            }
            seams.removingBlob(sha256);
            blobs.remove(h, sha256);
            return true;
        });
    }

    /**
     * The sweep: removes uploads never attached within the orphan time with their content, then
     * contents no file uses (left by an upload that failed after storing, a crash, a removal that
     * failed) once older than {@link #BLOB_GRACE}, then expired unused upload tokens. Returns how
     * many uploads were removed.
     */
    public int sweepOrphans() {
        long cutoff = Clock.nowMillis() - settings.orphanTtl().toMillis();
        List<FileRow> orphans = database.read(h -> FileRepository.orphans(h, cutoff));
        for (FileRow f : orphans) {
            database.write(h -> {
                FileRepository.deleteOrphan(h, f.fileId());
                return null;
            });
            try {
                removeContentIfUnused(f.sha256());
            } catch (IOException e) {
                LOG.warn("Could not remove the content of orphan upload {}: {}", f.fileId(), e.getMessage());
            }
        }
        int contents = sweepUnusedContents(Clock.nowMillis() - BLOB_GRACE.toMillis());
        if (contents > 0) {
            LOG.info("Removed {} stored contents no file uses", contents);
        }
        database.write(h -> FileRepository.deleteExpiredUploadTokens(h, Clock.nowMillis()));
        return orphans.size();
    }

    /** Removes the contents stored before {@code storedBefore} that no file uses; how many. */
    private int sweepUnusedContents(long storedBefore) {
        List<String> candidates;
        try {
            candidates = blobs.storedBefore(storedBefore);
        } catch (IOException e) {
            LOG.warn("Could not list the blob store: {}", e.getMessage());
            return 0;
        }
        int removed = 0;
        for (int from = 0; from < candidates.size(); from += SWEEP_BATCH) {
            List<String> batch = candidates.subList(from, Math.min(candidates.size(), from + SWEEP_BATCH));
            Set<String> used = database.read(h -> FileRepository.contentsInUse(h, batch));
            for (String sha256 : batch) {
                try {
                    if (!used.contains(sha256) && removeContentIfUnused(sha256)) {
                        removed++;
                    }
                } catch (IOException e) {
                    LOG.warn("Could not remove unused content {}: {}", sha256, e.getMessage());
                }
            }
        }
        return removed;
    }

    private static ConversationRow visibleConversation(Handle h, Caller caller, String idOrShortId) {
        return ConversationRepository.find(h, idOrShortId)
                .filter(c -> AccessPolicy.canSee(caller, c))
                .orElseThrow(() -> ApiError.notFound("Conversation not found"));
    }


    /** Files of the given timeline entries, for rendering messages. */
    public static Map<String, List<FileRow>> filesOf(Handle h, List<TimelineEntry> entries) {
        return FileRepository.forMessages(h, entries.stream().filter(e -> "MESSAGE".equals(e.type()))
                .map(TimelineEntry::entryId).toList());
    }
}
