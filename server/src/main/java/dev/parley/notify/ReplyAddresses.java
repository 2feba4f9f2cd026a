package dev.parley.notify;

import dev.parley.storage.Clock;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The signed tokens in notification mails' {@code Reply-To} that name a conversation and the
 * mail's recipient, so that a reply to the mail can become that recipient's message.
 *
 * <p>A token is {@code <id>-<signature>}: the row of {@code reply_addresses} (V13) that holds the
 * conversation and the user, and the first 80 bits of an HMAC-SHA256 of id, conversation and user
 * under the store's secret, in lower-case base32. It fits a mail address's local part with room
 * for the mailbox's own name ({@code support+12-abcdefghijklmnop@example.com}); lower case
 * because mail servers may change the case of a local part. A token whose signature does not
 * match its row (tampered, or from another store) names nobody.
 */
public final class ReplyAddresses {
    public static final String SECRET = "reply-addresses";
    private static final Pattern TOKEN = Pattern.compile("([1-9][0-9]{0,17})-([a-z2-7]{16})");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    /** Whom a valid token names. */
    public record Recipient(String conversationId, String userId) {
    }

    private ReplyAddresses() {
    }

    /** The token for mails about {@code conversationId} to {@code userId}, made on first use. */
    public static String token(Handle h, String conversationId, String userId) {
        h.createUpdate("""
                        INSERT INTO reply_addresses (conversation_id, user_id, created_at)
                        VALUES (:conversation, :user, :now) ON CONFLICT (conversation_id, user_id) DO NOTHING""")
                .bind("conversation", conversationId).bind("user", userId).bind("now", Clock.nowMillis()).execute();
        long id = h.createQuery("SELECT id FROM reply_addresses WHERE conversation_id = :conversation AND user_id = :user")
                .bind("conversation", conversationId).bind("user", userId).mapTo(Long.class).one();
        return id + "-" + signature(ServerSecrets.get(h, SECRET), id, conversationId, userId);
    }

    /** The address a reply goes to: {@code mailbox} with the token added after a {@code +}. */
    public static String address(String mailbox, String token) {
        int at = mailbox.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("not a mail address: " + mailbox);
        }
        return mailbox.substring(0, at) + "+" + token + mailbox.substring(at);
    }

    /**
     * The token in an address a mail was sent to, if it is {@code mailbox} plus a token (the
     * mailbox's name and domain compared without regard to case).
     */
    public static Optional<String> tokenIn(String mailbox, String address) {
        int at = mailbox.lastIndexOf('@');
        int theirAt = address.lastIndexOf('@');
        if (at <= 0 || theirAt <= 0) {
            return Optional.empty();
        }
        String local = address.substring(0, theirAt);
        String prefix = mailbox.substring(0, at) + "+";
        if (!address.substring(theirAt).equalsIgnoreCase(mailbox.substring(at))
                || !local.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(local.substring(prefix.length()).toLowerCase(Locale.ROOT));
    }

    /**
     * Whom {@code token} names, if it is well formed, its row exists and its signature matches;
     * reads only.
     */
    public static Optional<Recipient> resolve(Handle h, String token) {
        Matcher m = TOKEN.matcher(token == null ? "" : token);
        if (!m.matches()) {
            return Optional.empty();
        }
        long id = Long.parseLong(m.group(1));
        Optional<Recipient> row = h.createQuery("SELECT conversation_id, user_id FROM reply_addresses WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Recipient(rs.getString(1), rs.getString(2)))
                .findOne();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Optional<byte[]> secret = ServerSecrets.find(h, SECRET);
        if (secret.isEmpty()) {
            return Optional.empty(); // no token was ever made in this store
        }
        String expected = signature(secret.get(), id, row.get().conversationId(), row.get().userId());
        boolean valid = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                m.group(2).getBytes(StandardCharsets.US_ASCII));
        return valid ? row : Optional.empty();
    }

    static String signature(byte[] secret, long id, String conversationId, String userId) {
        return base32(ServerSecrets.hmac(secret, id + "\n" + conversationId + "\n" + userId), 10);
    }

    /** The first {@code bytes} bytes (a multiple of 5) in lower-case base32, no padding. */
    private static String base32(byte[] data, int bytes) {
        StringBuilder out = new StringBuilder(bytes * 8 / 5);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < bytes; i++) {
            buffer = (buffer << 8) | (data[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }
}
