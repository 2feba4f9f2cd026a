package dev.parley.notify.mail;

import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Set;

/**
 * What users and admins set about notification mails (the admin commands use these): the
 * kinds a user turned off, the user's language, and the staff who follow a category.
 */
public final class NotificationSettings {
    /** The kinds' names, in order. */
    public static final List<String> KINDS = java.util.Arrays.stream(MailKind.values()).map(MailKind::id).toList();

    private NotificationSettings() {
    }

    /** The kind's name checked; IllegalArgumentException naming the valid ones otherwise. */
    public static String kind(String name) {
        return MailKind.of(name).map(MailKind::id).orElseThrow(() -> new IllegalArgumentException(
                "unknown kind of mail '" + name + "' (one of " + String.join(", ", KINDS) + ")"));
    }

    public static Set<String> optOuts(Handle h, String userId) {
        return MailUsers.optOuts(h, userId);
    }

    public static void setOptOut(Handle h, String userId, String kind, boolean off) {
        MailUsers.setOptOut(h, userId, MailKind.of(kind(kind)).orElseThrow(), off);
    }

    public static String language(Handle h, String userId) {
        return h.createQuery("SELECT language FROM users WHERE user_id = :u").bind("u", userId).mapTo(String.class).one();
    }

    /** Sets the language of the user's mails: en or de. */
    public static void setLanguage(Handle h, String userId, String language) {
        if (!MailTexts.LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("the language must be en or de");
        }
        h.createUpdate("UPDATE users SET language = :l WHERE user_id = :u").bind("l", language).bind("u", userId).execute();
    }

    /** Adds an employee to the category's followers; false when it followed already. */
    public static boolean follow(Handle h, String categoryId, String userId) {
        return h.createUpdate("""
                        INSERT INTO category_followers (category_id, user_id) VALUES (:c, :u)
                        ON CONFLICT (category_id, user_id) DO NOTHING""")
                .bind("c", categoryId).bind("u", userId).execute() == 1;
    }

    /** Removes a follower; false when the user did not follow the category. */
    public static boolean unfollow(Handle h, String categoryId, String userId) {
        return h.createUpdate("DELETE FROM category_followers WHERE category_id = :c AND user_id = :u")
                .bind("c", categoryId).bind("u", userId).execute() == 1;
    }

    public static List<String> followers(Handle h, String categoryId) {
        return h.createQuery("SELECT user_id FROM category_followers WHERE category_id = :c ORDER BY user_id")
                .bind("c", categoryId).mapTo(String.class).list();
    }
}
