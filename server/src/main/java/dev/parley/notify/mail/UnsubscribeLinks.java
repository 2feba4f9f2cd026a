package dev.parley.notify.mail;

import dev.parley.notify.ServerSecrets;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The signed links in a mail's footer and {@code List-Unsubscribe} that turn one kind of mail
 * off for its recipient: {@code /mail/unsubscribe/<userId>/<kind>/<signature>}, the signature
 * an HMAC-SHA256 (first 16 bytes, hex) of user and kind under the store's secret
 * {@code mail-unsubscribe}, so that any node checks it and nobody can turn off someone else's mails.
 */
final class UnsubscribeLinks {
    static final String SECRET = "mail-unsubscribe";
    static final String PREFIX = "/mail/unsubscribe/";

    private UnsubscribeLinks() {
    }

    /** Makes the secret if the store has none yet (a write; once at start). */
    static void prepare(Handle h) {
        ServerSecrets.get(h, SECRET);
    }

    /** The path (below the public URL) that turns {@code kind} off for {@code userId}. */
    static String path(Handle h, String userId, MailKind kind) {
        byte[] secret = ServerSecrets.find(h, SECRET).orElseThrow(() -> new IllegalStateException("no " + SECRET + " secret"));
        return PREFIX + userId + "/" + kind.id() + "/" + signature(secret, userId, kind.id());
    }

    /** The kind to turn off for whom, if the signature matches. */
    static Optional<MailKind> verify(Handle h, String userId, String kind, String signature) {
        Optional<MailKind> k = MailKind.of(kind);
        Optional<byte[]> secret = ServerSecrets.find(h, SECRET);
        if (k.isEmpty() || secret.isEmpty() || signature == null) {
            return Optional.empty();
        }
        byte[] expected = signature(secret.get(), userId, kind).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII)) ? k : Optional.empty();
    }

    private static String signature(byte[] secret, String userId, String kind) {
        return HexFormat.of().formatHex(ServerSecrets.hmac(secret, userId + "\n" + kind), 0, 16);
    }
}
