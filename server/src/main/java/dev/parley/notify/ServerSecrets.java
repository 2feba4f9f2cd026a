package dev.parley.notify;

import org.jdbi.v3.core.Handle;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets shared by every node of a store, kept in it ({@code server_secrets}, V13) and made on
 * first use: 32 random bytes. Two nodes making the same secret at once keep whichever was
 * written first (the insert does nothing on a conflict; both then read the stored one).
 */
public final class ServerSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ServerSecrets() {
    }

    /** The secret, made now if the store has none yet (so in a write transaction). */
    public static byte[] get(Handle h, String name) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        h.createUpdate("INSERT INTO server_secrets (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING")
                .bind("name", name).bind("value", Base64.getEncoder().encodeToString(fresh)).execute();
        String stored = h.createQuery("SELECT value FROM server_secrets WHERE name = :name")
                .bind("name", name).mapTo(String.class).one();
        return Base64.getDecoder().decode(stored);
    }

    /** The secret if the store has one (a read: nothing is made). */
    public static java.util.Optional<byte[]> find(Handle h, String name) {
        return h.createQuery("SELECT value FROM server_secrets WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne().map(Base64.getDecoder()::decode);
    }

    /** HMAC-SHA256 of {@code message} (UTF-8) under {@code secret}: what the store's signed tokens and links sign with. */
    public static byte[] hmac(byte[] secret, String message) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
