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
import jakarta.servlet.http.HttpServletRequest;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Attachments: upload tokens, checked uploads into the blob store, attaching to messages,
 * access tokens, downloads, staff deletion, and the sweep of uploads nobody attached.
 */
public final class FileService {
    private static final Logger LOG = LoggerFactory.getLogger(FileService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] SHORT_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz".toCharArray();

    private final Database database;
    private final EventLog events;
    private final BlobStore blobs;
    private final UploadRules rules;
    private final ContentInspector inspector;
    private final UploadReceiver receiver;
    private final AccessTokens accessTokens;
    private final FileSettings settings;

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
            long position = events.append(h, "FileUploadRequested", c.conversationId(), caller.userId());
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

    /** Receives, checks and stores the upload for a valid upload token; answers its FileMeta. */
    public Mutation<ObjectNode> upload(String token, HttpServletRequest request) throws IOException {
        String hash = Tokens.hash(token);
        FileRepository.UploadToken issued = database.read(h -> FileRepository.findUploadToken(h, hash))
                .orElseThrow(() -> ApiError.unauthorized("The upload token is not valid"));
        if (issued.usedAt() != null) {
            throw conflict("The upload token has been used already");
        }
        if (issued.expiresAt() < Clock.nowMillis()) {
            throw ApiError.unauthorized("The upload token has expired");
        }
        try (UploadReceiver.Received received = receiver.receive(request)) {
            ContentInspector.Accepted accepted = inspector.inspect(received);
            blobs.put(received.sha256(), received.path(), received.size());
            Mutation<ObjectNode> m = database.write(h -> {
                String fileId = Ids.newId();
                FileRow row = new FileRow(fileId, uniqueShortId(h), issued.conversationId(), issued.userId(),
                        accepted.name(), accepted.mimeType(), received.size(), received.sha256(), Clock.nowMillis(),
                        null, null);
                FileRepository.insertFile(h, row);
                if (!FileRepository.useUploadToken(h, hash, fileId, Clock.nowMillis())) {
                    throw conflict("The upload token has been used already");
                }
                long position = events.append(h, "FileUploaded", issued.conversationId(), issued.userId());
                return new Mutation<>(meta(row), position);
            });
            events.committed(m.position());
            return m;
        }
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
        FileRow file = database.read(h -> {
            ConversationRow c = visibleConversation(h, caller, conversationIdOrShortId);
            return FileRepository.find(h, fileIdOrShortId)
                    .filter(f -> f.conversationId().equals(c.conversationId()) && !f.deleted())
                    .filter(f -> mayOpen(h, caller, f))
                    .orElseThrow(() -> ApiError.notFound("File not found"));
        });
        return accessTokens.issue(file.fileId());
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
        String friendly = f.fileId() + "/" + f.name();
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
            long position = events.append(h, "FileDeleted", c.conversationId(), caller.userId());
            return new Mutation<>(f, position);
        });
        events.committed(m.position());
        removeContentIfUnused(m.value().sha256());
        return new Mutation<>(m.value().fileId(), m.position());
    }

    private void removeContentIfUnused(String sha256) throws IOException {
        if (!database.read(h -> FileRepository.contentInUse(h, sha256))) {
            blobs.delete(sha256);
        }
    }

    /** Removes uploads never attached within the orphan time, and expired unused upload tokens. */
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
        database.write(h -> FileRepository.deleteExpiredUploadTokens(h, Clock.nowMillis()));
        return orphans.size();
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
