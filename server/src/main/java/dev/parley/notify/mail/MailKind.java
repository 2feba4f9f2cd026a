package dev.parley.notify.mail;

import java.util.Optional;

/** The kinds of notification mail; a user may turn each off ({@code parley admin user notifications}). */
public enum MailKind {
    /** to staff: a conversation was opened */
    NEW_CONVERSATION("new-conversation", true),
    /** to staff: a customer wrote a message */
    CUSTOMER_MESSAGE("customer-message", true),
    /** to the customer side: an employee opened a conversation for them */
    STAFF_OPENED("staff-opened", false),
    /** to the customer side: staff replied */
    STAFF_REPLY("staff-reply", false),
    /** to the customer side: the status changed */
    STATUS_CHANGE("status-change", false);

    private final String id;
    private final boolean toStaff;

    MailKind(String id, boolean toStaff) {
        this.id = id;
        this.toStaff = toStaff;
    }

    /** The name in the database, the CLI and the templates. */
    public String id() {
        return id;
    }

    public boolean toStaff() {
        return toStaff;
    }

    public static Optional<MailKind> of(String id) {
        for (MailKind k : values()) {
            if (k.id.equals(id)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
