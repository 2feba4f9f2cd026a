package dev.parley.notify.inbound;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;

/** What the {@link MailboxReader} hands each mail to ({@link ReplyProcessor}; tests put their own). */
interface MailHandler {
    /** Decides about a mail read whole; returns normally once it is recorded (accepted, refused or done before). */
    void process(MimeMessage mail) throws MessagingException, IOException;

    /** Records a mail as refused for {@code reason} from its headers alone (too large; failed too often). */
    void refuseUnread(MimeMessage mail, String reason) throws MessagingException;
}
