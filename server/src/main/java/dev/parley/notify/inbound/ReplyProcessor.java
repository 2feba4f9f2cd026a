package dev.parley.notify.inbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.account.AccountRepository;
import dev.parley.api.ApiError;
import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationRow;
import dev.parley.conversation.ConversationService;
import dev.parley.file.FileService;
import dev.parley.identity.AccessPolicy;
import dev.parley.identity.Caller;
import dev.parley.identity.IdentityRepository;
import dev.parley.identity.User;
import dev.parley.notify.ReplyAddresses;
import dev.parley.storage.Database;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns one mail from the reply mailbox into a message, or refuses it. A mail is accepted only if
 * it is no automatic mail ({@link AutomaticMail}), it was sent to a valid reply token
 * ({@link ReplyTokens}, {@link ReplyAddresses#resolve}), it comes from the token's user
 * ({@link ReplySender}), and that user is active and still sees the conversation (the API's
 * {@link AccessPolicy} on the user's {@link Caller}, built as authentication builds it). Its
 * attachments are uploads of that user (the upload's own checks: size, type, name), and the
 * message is created by {@link ConversationService#createMessage} as the user, with the mail's
 * row of {@link InboundMailLog} in the same transaction. A refused mail's row holds the reason;
 * nothing else is created for it, and one log line without the mail's content says why.
 */
final class ReplyProcessor implements MailHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyProcessor.class);
    /** The contract's limit of a message's text. */
    static final int MAX_TEXT = 8000;
    /** At most this many attachments of one mail are kept (the rest are named as not accepted). */
    static final int MAX_ATTACHMENTS = 20;

    /** What became of a mail. */
    enum Outcome { ACCEPTED, REFUSED, ALREADY_PROCESSED }

    private final Database database;
    private final ConversationService conversations;
    private final FileService files;
    private final InboundMailSettings settings;

    ReplyProcessor(Database database, ConversationService conversations, FileService files, InboundMailSettings settings) {
        this.database = database;
        this.conversations = conversations;
        this.files = files;
        this.settings = settings;
    }

    /** The user a valid token names, as they are now. */
    private record Author(User user, String email, Caller caller) {
    }

    /** Raised in the message's transaction when another read of the same mail was recorded first. */
    private static final class RecordedAlready extends RuntimeException {
        RecordedAlready() {
            super("recorded already", null, false, false);
        }
    }

    @Override
    public void process(MimeMessage mail) throws MessagingException, IOException {
        decide(mail);
    }

    /** What became of the mail. */
    Outcome decide(MimeMessage mail) throws MessagingException, IOException {
        String key = InboundMailLog.key(mail);
        if (database.read(h -> InboundMailLog.seen(h, key))) {
            return Outcome.ALREADY_PROCESSED;
        }
        Optional<String> automatic = AutomaticMail.reason(mail, settings.replyMailbox());
        if (automatic.isPresent()) {
            return refuse(key, automatic.get(), null, null);
        }
        Optional<String> token = ReplyTokens.find(mail, settings.replyMailbox());
        if (token.isEmpty()) {
            return refuse(key, "no-token", null, null);
        }
        Optional<ReplyAddresses.Recipient> recipient = database.read(h -> ReplyAddresses.resolve(h, token.get()));
        if (recipient.isEmpty()) {
            return refuse(key, "invalid-token", null, null);
        }
        String conversationId = recipient.get().conversationId();
        String userId = recipient.get().userId();
        Optional<Author> author = database.read(h -> IdentityRepository.findUser(h, userId).map(user -> new Author(user,
                AccountRepository.email(h, userId).orElse(null),
                IdentityRepository.callerFor(h, user, "mail:" + userId))));
        if (author.isEmpty() || !author.get().user().active()) {
            return refuse(key, "inactive-user", conversationId, userId);
        }
        if (author.get().email() == null) {
            return refuse(key, "forged-sender", conversationId, userId);
        }
        Optional<String> mismatch = ReplySender.mismatch(mail, author.get().email());
        if (mismatch.isPresent()) {
            return refuse(key, mismatch.get(), conversationId, userId);
        }
        Caller caller = author.get().caller();
        Optional<ConversationRow> conversation = database.read(h -> ConversationRepository.find(h, conversationId));
        if (conversation.isEmpty() || !AccessPolicy.canSee(caller, conversation.get())) {
            return refuse(key, "no-access", conversationId, userId);
        }
        MailContent content;
        String replyText;
        try {
            content = MailContent.of(mail);
            replyText = content.replyText();
        } catch (MessagingException | IOException | RuntimeException e) {
            // the mail is in memory already: what fails here is the mail's own structure
            return refuse(key, "unreadable", conversationId, userId, e.getClass().getSimpleName());
        }
        List<String> fileIds = new ArrayList<>();
        StringBuilder notes = new StringBuilder();
        for (MailContent.Attachment attachment : content.attachments()) {
            String refused = fileIds.size() >= MAX_ATTACHMENTS
                    ? "more than " + MAX_ATTACHMENTS + " attachments" : store(caller, conversationId, attachment, fileIds);
            if (refused != null) {
                notes.append("\n\n(Attachment \"").append(attachment.fileName()).append("\" was not accepted: ")
                        .append(refused).append(")");
            }
        }
        String messageText = text(replyText.strip(), notes.toString());
        if (messageText.isEmpty() && fileIds.isEmpty()) {
            return refuse(key, "empty", conversationId, userId);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (!messageText.isEmpty()) {
            body.put("messageContent", messageText);
        }
        ArrayNode ids = body.putArray("fileIds");
        fileIds.forEach(ids::add);
        try {
            conversations.createMessage(caller, conversationId, body, (h, c, messageId) -> {
                if (!InboundMailLog.recordAccepted(h, key, c, userId, messageId)) {
                    throw new RecordedAlready();
                }
            });
        } catch (RecordedAlready e) {
            return Outcome.ALREADY_PROCESSED; // another node made the message; the uploads here are swept as orphans
        } catch (ApiError e) {
            return refuse(key, "refused-by-service", conversationId, userId, e.getMessage());
        }
        LOG.info("Reply by mail accepted: conversation {}, user {}", conversationId, userId);
        return Outcome.ACCEPTED;
    }

    /** Stores an attachment as the user's upload; null when stored, else why it was not accepted. */
    private String store(Caller caller, String conversationId, MailContent.Attachment attachment, List<String> fileIds)
            throws MessagingException, IOException {
        try {
            String uploadToken = files.requestUpload(caller, conversationId).value().path("uploadToken").asText();
            try (InputStream in = attachment.open()) {
                ObjectNode meta = files.upload(uploadToken, in, attachment.fileName(), attachment.contentType()).value();
                fileIds.add(meta.path("id").asText());
            }
            return null;
        } catch (ApiError e) {
            return e.getMessage();
        }
    }

    /**
     * Refuses a mail without reading its body: {@code too-large}, or {@code failed} after its
     * processing failed too often. Only its headers are read.
     */
    @Override
    public void refuseUnread(MimeMessage mail, String reason) throws MessagingException {
        refuseWithoutReading(mail, reason);
    }

    private Outcome refuseWithoutReading(MimeMessage mail, String reason) throws MessagingException {
        String key = InboundMailLog.key(mail);
        if (database.read(h -> InboundMailLog.seen(h, key))) {
            return Outcome.ALREADY_PROCESSED;
        }
        return refuse(key, reason, null, null);
    }

    /**
     * The message's text: the reply, cut to fit {@link #MAX_TEXT} characters with the notes on
     * attachments that were not accepted (which are kept whole, up to the limit).
     */
    static String text(String reply, String notes) {
        String marker = "\n[…]";
        int noteLength = notes.codePointCount(0, notes.length());
        if (noteLength > MAX_TEXT / 2) {
            notes = notes.substring(0, notes.offsetByCodePoints(0, MAX_TEXT / 2 - marker.length())) + marker;
            noteLength = MAX_TEXT / 2;
        }
        int room = MAX_TEXT - noteLength;
        if (reply.codePointCount(0, reply.length()) > room) {
            reply = reply.substring(0, reply.offsetByCodePoints(0, room - marker.length())) + marker;
        }
        return (reply + notes).strip();
    }

    private Outcome refuse(String key, String reason, String conversationId, String userId) {
        return refuse(key, reason, conversationId, userId, null);
    }

    private Outcome refuse(String key, String reason, String conversationId, String userId, String detail) {
        boolean recorded = database.write(h -> InboundMailLog.recordRefused(h, key, reason, conversationId, userId));
        if (!recorded) {
            return Outcome.ALREADY_PROCESSED;
        }
        LOG.info("Reply by mail refused ({}){}{}{}", reason,
                conversationId == null ? "" : ": conversation " + conversationId,
                userId == null ? "" : ", user " + userId,
                detail == null ? "" : " (" + detail + ")");
        return Outcome.REFUSED;
    }
}
