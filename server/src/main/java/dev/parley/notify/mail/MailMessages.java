package dev.parley.notify.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.UnsupportedEncodingException;
import java.util.Date;

/**
 * A rendered mail as a MIME message: text and HTML alternatives, and the headers that make mail
 * clients thread and handle it: {@code Message-ID <mail-<outbox id>@domain>} (the same on a
 * resend), {@code In-Reply-To} and {@code References} naming the conversation's root
 * {@code <conversation-<id>@domain>}, {@code Auto-Submitted: auto-generated},
 * {@code List-Unsubscribe} (+ one-click POST, RFC 8058) and the signed {@code Reply-To}.
 */
final class MailMessages {
    private MailMessages() {
    }

    static String messageId(long outboxId, String domain) {
        return "<mail-" + outboxId + "@" + domain + ">";
    }

    static String rootId(String conversationId, String domain) {
        return "<conversation-" + conversationId + "@" + domain + ">";
    }

    /**
     * Text for a header: line breaks and other control characters become spaces. Jakarta Mail
     * already encodes them harmlessly; this keeps subjects and names on one readable line.
     */
    static String oneLine(String text) {
        return text == null ? null : text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }

    static MimeMessage build(Session session, MailSettings settings, Outbox.Mail mail, MailRenderer.Rendered r)
            throws MessagingException {
        String messageId = messageId(mail.id(), settings.domain());
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(settings.from());
        try {
            m.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(r.toAddress(), oneLine(r.toName()), "UTF-8"));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
        if (mail.replyTo() != null) {
            m.setReplyTo(new InternetAddress[]{new InternetAddress(mail.replyTo())});
        }
        m.setSubject(oneLine(r.subject()), "UTF-8");
        m.setSentDate(new Date());
        String root = rootId(mail.conversationId(), settings.domain());
        m.setHeader("In-Reply-To", root);
        m.setHeader("References", root);
        m.setHeader("Auto-Submitted", "auto-generated");
        m.setHeader("X-Auto-Response-Suppress", "All");
        m.setHeader("List-Unsubscribe", "<" + r.unsubscribeUrl() + ">");
        m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");

        MimeBodyPart text = new MimeBodyPart();
        text.setText(r.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(r.html(), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        m.setContent(alternative);
        m.saveChanges();
        return m;
    }
}
