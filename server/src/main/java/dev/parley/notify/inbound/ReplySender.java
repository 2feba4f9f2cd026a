package dev.parley.notify.inbound;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a reply mail comes from the user its token names: the one {@code From} address is the
 * user's stored e-mail (without regard to case), a {@code Sender} names the same address, a
 * {@code Return-Path} is at the same domain (or a subdomain of it, or it of that: providers'
 * bounce domains), and the receiving server's {@code Authentication-Results} (the topmost) does
 * not report a failed DMARC check. The token is what a forger lacks; these checks make a leaked
 * token alone useless to anyone but its user's mailbox.
 */
final class ReplySender {
    private ReplySender() {
    }

    /** Why the mail is not from {@code userEmail} ({@code forged-sender}, …), or empty when it is. */
    static Optional<String> mismatch(MimeMessage mail, String userEmail) throws MessagingException {
        Address[] from;
        try {
            from = mail.getFrom();
        } catch (AddressException e) {
            return Optional.of("forged-sender");
        }
        if (from == null || from.length != 1 || !(from[0] instanceof InternetAddress f) || f.getAddress() == null
                || !f.getAddress().strip().equalsIgnoreCase(userEmail.strip())) {
            return Optional.of("forged-sender");
        }
        String fromAddress = f.getAddress().strip();
        String sender = AutomaticMail.first(mail, "Sender");
        if (sender != null && !sender.isBlank()) {
            Optional<String> address = address(sender);
            if (address.isEmpty() || !address.get().equalsIgnoreCase(fromAddress)) {
                return Optional.of("sender-differs");
            }
        }
        String returnPath = AutomaticMail.first(mail, "Return-Path");
        if (returnPath != null && !returnPath.isBlank()) {
            Optional<String> address = address(returnPath);
            if (address.isEmpty() || !relatedDomains(domain(address.get()), domain(fromAddress))) {
                return Optional.of("return-path-differs");
            }
        }
        String results = AutomaticMail.first(mail, "Authentication-Results");
        if (results != null && results.toLowerCase(Locale.ROOT).matches("(?s).*\\bdmarc\\s*=\\s*fail\\b.*")) {
            return Optional.of("dmarc-fail");
        }
        return Optional.empty();
    }

    private static Optional<String> address(String header) {
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(header.strip(), false);
            return parsed.length == 1 && parsed[0].getAddress() != null
                    ? Optional.of(parsed[0].getAddress().strip()) : Optional.empty();
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    private static String domain(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean relatedDomains(String a, String b) {
        return a.equals(b) || a.endsWith("." + b) || b.endsWith("." + a);
    }
}
