package dev.parley.notify.inbound;

import dev.parley.storage.Clock;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;

/**
 * The mails read from the reply mailbox ({@code inbound_mails}, V16), one row each: accepted
 * (with the message it became) or refused (with the reason). The key makes a mail count once.
 */
final class InboundMailLog {
    static final String ACCEPTED = "accepted";
    static final String REFUSED = "refused";
    private static final int MAX_MESSAGE_ID = 500;

    private InboundMailLog() {
    }

    /**
     * The mail's key: {@code mid:} and its Message-ID, or {@code hdr:} and the SHA-256 of its raw
     * header lines when it has none (or an unreasonably long one). The same mail fetched again,
     * by this node or another, has the same key.
     */
    static String key(MimeMessage mail) throws MessagingException {
        String[] ids = mail.getHeader("Message-ID");
        String id = ids == null || ids.length == 0 ? null : ids[0].strip();
        if (id != null && !id.isEmpty() && id.length() <= MAX_MESSAGE_ID) {
            return "mid:" + id;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Enumeration<String> lines = mail.getAllHeaderLines();
            while (lines.hasMoreElements()) {
                sha.update(lines.nextElement().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return "hdr:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean seen(Handle h, String key) {
        return h.createQuery("SELECT 1 FROM inbound_mails WHERE mail_key = :key").bind("key", key)
                .mapTo(Integer.class).findOne().isPresent();
    }

    /** Records an accepted mail in its message's transaction; false if it was recorded already (by any node). */
    static boolean recordAccepted(Handle h, String key, String conversationId, String userId, String messageId) {
        return insert(h, key, ACCEPTED, null, conversationId, userId, messageId);
    }

    /** Records a refused mail; false if it was recorded already. */
    static boolean recordRefused(Handle h, String key, String reason, String conversationId, String userId) {
        return insert(h, key, REFUSED, reason, conversationId, userId, null);
    }

    private static boolean insert(Handle h, String key, String outcome, String reason, String conversationId,
                                  String userId, String messageId) {
        return h.createUpdate("""
                        INSERT INTO inbound_mails (mail_key, outcome, reason, conversation_id, user_id, message_id, processed_at)
                        VALUES (:key, :outcome, :reason, :conversation, :user, :message, :now)
                        ON CONFLICT (mail_key) DO NOTHING""")
                .bind("key", key).bind("outcome", outcome).bind("reason", reason)
                .bind("conversation", conversationId).bind("user", userId).bind("message", messageId)
                .bind("now", Clock.nowMillis())
                .execute() == 1;
    }
}
