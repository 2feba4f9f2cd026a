package dev.parley.notify.inbound;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a reply mail carries: its text (the first {@code text/plain} body, else the first
 * {@code text/html} body as text; format=flowed lines joined) and its attachments (parts marked
 * as attachments, or inline parts with a file name, except those inside {@code multipart/related}:
 * the pictures an HTML body shows, such as a signature's logo). Attachment bytes are not read
 * here; each is opened when it is stored.
 */
final class MailContent {
    /** The most of a text body read (a message holds 8,000 characters; the rest is quotes anyway). */
    private static final int MAX_TEXT_BYTES = 512 * 1024;

    /** An attachment: its part, to be read when stored. */
    record Attachment(String fileName, String contentType, Part part) {
        InputStream open() throws IOException, MessagingException {
            return part.getInputStream();
        }
    }

    private String plain;
    private String html;
    private final List<Attachment> attachments = new ArrayList<>();

    private MailContent() {
    }

    static MailContent of(Part mail) throws MessagingException, IOException {
        MailContent content = new MailContent();
        content.walk(mail, false, 0);
        return content;
    }

    /** The text the sender wrote: quotes and signature removed ({@link ReplyText}). */
    String replyText() {
        if (plain != null) {
            return ReplyText.strip(plain);
        }
        return html == null ? "" : ReplyText.strip(HtmlText.of(html));
    }

    List<Attachment> attachments() {
        return attachments;
    }

    private void walk(Part part, boolean inRelated, int depth) throws MessagingException, IOException {
        if (depth > 10) {
            return;
        }
        String disposition = part.getDisposition();
        String fileName = fileName(part);
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition)
                || (fileName != null && !inRelated && !part.isMimeType("multipart/*"));
        if (attachment) {
            attachments.add(new Attachment(fileName == null ? "attachment" : fileName, baseType(part), part));
            return;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            boolean related = inRelated || part.isMimeType("multipart/related");
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                walk(child, related, depth + 1);
            }
            return;
        }
        if (part.isMimeType("text/plain") && plain == null) {
            plain = text(part);
            if (isFlowed(part)) {
                plain = unflow(plain, delSp(part));
            }
        } else if (part.isMimeType("text/html") && html == null) {
            html = text(part);
        }
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null || name.isBlank() ? null : MimeUtility.decodeText(name).strip();
        } catch (MessagingException | UnsupportedEncodingException e) {
            return null;
        }
    }

    private static String baseType(Part part) throws MessagingException {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "application/octet-stream";
        }
    }

    /** A text part's text in its charset (UTF-8 when it names none or an unknown one), at most MAX_TEXT_BYTES read. */
    private static String text(Part part) throws MessagingException, IOException {
        Charset charset = StandardCharsets.UTF_8;
        try {
            String name = new ContentType(part.getContentType()).getParameter("charset");
            if (name != null) {
                charset = Charset.forName(MimeUtility.javaCharset(name.strip()));
            }
        } catch (MessagingException | RuntimeException e) {
            // unknown or malformed charset: UTF-8
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = part.getInputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1 && out.size() < MAX_TEXT_BYTES) {
                out.write(buffer, 0, Math.min(n, MAX_TEXT_BYTES - out.size()));
            }
        }
        return out.toString(charset);
    }

    private static boolean isFlowed(Part part) {
        return "flowed".equalsIgnoreCase(parameter(part, "format"));
    }

    private static boolean delSp(Part part) {
        return "yes".equalsIgnoreCase(parameter(part, "delsp"));
    }

    private static String parameter(Part part, String name) {
        try {
            return new ContentType(part.getContentType()).getParameter(name);
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    /** RFC 3676: a line ending in a space continues on the next (not for quotes or the signature delimiter). */
    static String unflow(String text, boolean delSp) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(" ")) {
                line = line.substring(1); // space-stuffing
            }
            boolean soft = line.endsWith(" ") && !line.equals("-- ") && !line.startsWith(">") && i + 1 < lines.length;
            if (soft) {
                out.append(delSp ? line.substring(0, line.length() - 1) : line);
            } else {
                out.append(line);
                if (i + 1 < lines.length) {
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }
}
