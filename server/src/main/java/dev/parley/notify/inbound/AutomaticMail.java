package dev.parley.notify.inbound;

import dev.parley.notify.ReplyAddresses;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Mails no person wrote, which must never become messages: automatic replies (out of office),
 * bounces and delivery reports, mailing-list traffic, and Parley's own notifications come back
 * (a loop).
 */
final class AutomaticMail {
    private static final Set<String> BULK_PRECEDENCE = Set.of("bulk", "junk", "list", "auto_reply");

    private AutomaticMail() {
    }

    /**
     * Why {@code mail} is automatic ({@code auto-reply}, {@code bounce}, {@code list}, {@code loop}),
     * or empty for a mail a person sent. A loop is a mail from the reply mailbox itself (plus a
     * token or not), or with a Message-ID Parley made: {@code <mail-…@domain of the reply mailbox>}.
     */
    static Optional<String> reason(MimeMessage mail, String replyMailbox) throws MessagingException {
        String ownDomain = replyMailbox.substring(replyMailbox.lastIndexOf('@') + 1);
        String autoSubmitted = first(mail, "Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return Optional.of("auto-reply");
        }
        String precedence = first(mail, "Precedence");
        if (precedence != null && BULK_PRECEDENCE.contains(precedence.strip().toLowerCase(Locale.ROOT))) {
            return Optional.of("auto-reply");
        }
        if (first(mail, "X-Autoreply") != null || first(mail, "X-Autorespond") != null
                || first(mail, "X-Auto-Response-Suppress") != null) {
            return Optional.of("auto-reply");
        }
        String returnPath = first(mail, "Return-Path");
        if (returnPath != null) {
            String path = returnPath.strip();
            if (path.equals("<>") || path.isEmpty() || localPart(path).equals("mailer-daemon")) {
                return Optional.of("bounce");
            }
        }
        String contentType = mail.getContentType() == null ? "" : mail.getContentType().toLowerCase(Locale.ROOT);
        if (contentType.startsWith("multipart/report")) {
            return Optional.of("bounce");
        }
        String from = first(mail, "From");
        if (from != null && Set.of("mailer-daemon", "postmaster").contains(localPart(from))) {
            return Optional.of("bounce");
        }
        if (first(mail, "List-Id") != null) {
            return Optional.of("list");
        }
        if (isOwn(first(mail, "Message-ID"), ownDomain) || fromMailbox(from, replyMailbox)) {
            return Optional.of("loop");
        }
        return Optional.empty();
    }

    /** Whether the From header is the reply mailbox or the mailbox plus a token. */
    private static boolean fromMailbox(String from, String replyMailbox) {
        if (from == null) {
            return false;
        }
        try {
            for (InternetAddress a : InternetAddress.parseHeader(from, false)) {
                String address = a.getAddress() == null ? "" : a.getAddress().strip();
                if (address.equalsIgnoreCase(replyMailbox) || ReplyAddresses.tokenIn(replyMailbox, address).isPresent()) {
                    return true;
                }
            }
        } catch (MessagingException e) {
            return false;
        }
        return false;
    }

    /** Whether a Message-ID is one Parley made: {@code <mail-…@ownDomain>} (the domain compared without case). */
    static boolean isOwn(String messageId, String ownDomain) {
        if (messageId == null) {
            return false;
        }
        String id = messageId.strip().toLowerCase(Locale.ROOT);
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1);
        }
        int at = id.lastIndexOf('@');
        return at > 0 && id.startsWith("mail-") && id.substring(at + 1).equals(ownDomain.toLowerCase(Locale.ROOT));
    }

    /** The local part of an address header's (first) address, lower case; "" when unreadable. */
    private static String localPart(String header) {
        String address;
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(header, false);
            address = parsed.length == 0 ? header : parsed[0].getAddress();
        } catch (MessagingException e) {
            address = header;
        }
        if (address == null) {
            return "";
        }
        address = address.strip().replace("<", "").replace(">", "");
        int at = address.lastIndexOf('@');
        return (at < 0 ? address : address.substring(0, at)).toLowerCase(Locale.ROOT);
    }

    static String first(MimeMessage mail, String name) throws MessagingException {
        String[] values = mail.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }
}
