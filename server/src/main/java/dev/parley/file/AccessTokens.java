package dev.parley.file;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * File access tokens: JWTs signed with HMAC-SHA256, bound to one file id, expiring. The secret
 * is per installation: given by configuration, or generated once into the data directory.
 */
public final class AccessTokens {
    static final String AUDIENCE = "parley-file";
    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration ttl;

    public AccessTokens(byte[] secret, Duration ttl) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.verifier = JWT.require(algorithm).withAudience(AUDIENCE).build();
        this.ttl = ttl;
    }

    /** A token and its expiry for {@code fileId}. */
    public record Issued(String token, Instant expiresAt) {
    }

    public Issued issue(String fileId) {
        return issue(fileId, ttl);
    }

    /** A token that works for {@code validFor} (links in notification mails outlive the usual lifetime). */
    public Issued issue(String fileId, Duration validFor) {
        Instant expires = Instant.now().plus(validFor).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String token = JWT.create().withAudience(AUDIENCE).withSubject(fileId).withExpiresAt(expires)
                .withIssuedAt(Instant.now()).sign(algorithm);
        return new Issued(token, expires);
    }

    /** The file id the token opens, if the token is genuine and unexpired. */
    public Optional<String> verify(String token) {
        try {
            DecodedJWT jwt = verifier.verify(token);
            return Optional.ofNullable(jwt.getSubject());
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The configured secret, or the one kept in {@code <dataDir>/secrets/file-access.key}. */
    public static byte[] secret(String configured, Path dataDir) throws IOException {
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < 32) {
                throw new IllegalArgumentException("The file access token secret must be at least 32 characters");
            }
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        Path file = dataDir.resolve("secrets").resolve("file-access.key");
        if (Files.exists(file)) {
            return Base64.getDecoder().decode(Files.readString(file).strip());
        }
        dev.parley.storage.PrivateFiles.createDirectories(file.getParent());
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Path temp = file.resolveSibling("file-access.key.tmp");
        // 0600 from its creation on (a file made readable first and restricted after is readable meanwhile)
        dev.parley.storage.PrivateFiles.write(temp, Base64.getEncoder().encodeToString(secret)
                .getBytes(StandardCharsets.UTF_8));
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return secret;
    }
}
