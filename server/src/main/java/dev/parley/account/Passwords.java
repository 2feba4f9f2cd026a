package dev.parley.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Password hashing with Argon2id (password4j), at OWASP's recommended minimum: 19 MiB of
 * memory, 2 iterations, 1 lane, a 16-byte random salt and a 32-byte hash, stored as the PHC
 * string ({@code $argon2id$v=19$m=19456,t=2,p=1$…}) so that a hash keeps the parameters it was
 * made with. For an unknown e-mail a dummy hash is verified ({@link #verifyNothing}), so that
 * a sign-in takes about as long whether the account exists or not.
 */
public final class Passwords {
    /** The shortest password anyone may choose (NIST SP 800-63B asks for at least 8). */
    public static final int MIN_LENGTH = 10;
    /** Longer passwords are refused before hashing: hashing megabytes would be a cheap denial of service. */
    public static final int MAX_LENGTH = 1024;

    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID, 19);
    private static final String DUMMY = hash("a password nobody has, for unknown e-mails");

    private Passwords() {
    }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    /** Whether {@code password} matches the PHC string {@code hash}; false for a hash that is not Argon2. */
    public static boolean verify(String password, String hash) {
        if (password == null || hash == null || password.length() > MAX_LENGTH) {
            return false;
        }
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            return false; // not an Argon2 PHC string (edited by hand): no password matches it
        }
    }

    /** Spends the time of one verification and answers false: the unknown e-mail's twin of {@link #verify}. */
    public static boolean verifyNothing(String password) {
        verify(password == null ? "" : password, DUMMY);
        return false;
    }

    /** Why {@code password} may not be chosen, or null when it may. */
    public static String weakness(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return "The password must have at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "The password must have at most " + MAX_LENGTH + " characters";
        }
        return null;
    }
}
