package dev.parley.notify.inbound;

import dev.parley.notify.ReplyAddresses;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Optional;

/**
 * The reply token a mail was sent to: the first address that is the reply mailbox plus a token,
 * looked for in {@code Delivered-To} and {@code X-Original-To} (what the receiving server saw in
 * the envelope), then {@code To} and {@code Cc}.
 */
final class ReplyTokens {
    private static final String[] HEADERS = {"Delivered-To", "X-Original-To", "To", "Cc"};

    private ReplyTokens() {
    }

    static Optional<String> find(MimeMessage mail, String replyMailbox) throws MessagingException {
        for (String header : HEADERS) {
            String[] values = mail.getHeader(header);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                for (String address : addresses(value)) {
                    Optional<String> token = ReplyAddresses.tokenIn(replyMailbox, address);
                    if (token.isPresent() && !token.get().isEmpty()) {
                        return token;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String[] addresses(String header) {
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(header, false);
            String[] out = new String[parsed.length];
            for (int i = 0; i < parsed.length; i++) {
                out[i] = parsed[i].getAddress() == null ? "" : parsed[i].getAddress().strip();
            }
            return out;
        } catch (AddressException e) {
            return new String[]{header.strip().replace("<", "").replace(">", "")};
        }
    }
}
