package dev.parley.desk;

/**
 * Who is signed in, as the layout shows it: the name in the header and the sign-out form, whose
 * hidden {@code _csrf} field carries {@code csrfToken}. Made by the sign-in feature (see
 * {@link Pages#viewers}); null on pages seen by nobody signed in.
 */
public record Viewer(String displayName, String roleLabel, String csrfToken) {
}
