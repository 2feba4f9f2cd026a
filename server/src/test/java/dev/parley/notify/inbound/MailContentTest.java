package dev.parley.notify.inbound;

import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Which part of a mail is its text and which parts are its attachments, as mail programs build them. */
class MailContentTest {
    private static final Session SESSION = Session.getInstance(new Properties());

    @Test
    void plainTextIsPreferredOverHtmlAndTheSignatureLogoIsNoAttachment() throws Exception {
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text("Plain answer.\n\nOn Mon, Support wrote:\n> old", "text/plain; charset=UTF-8"));
        MimeMultipart related = new MimeMultipart("related");
        related.addBodyPart(text("<p>HTML answer.</p><img src=\"cid:logo\">", "text/html; charset=UTF-8"));
        MimeBodyPart logo = file("logo.png", "image/png", new byte[]{(byte) 0x89, 'P', 'N', 'G'});
        logo.setDisposition(MimeBodyPart.INLINE);
        logo.setContentID("<logo>");
        related.addBodyPart(logo);
        MimeBodyPart relatedPart = new MimeBodyPart();
        relatedPart.setContent(related);
        alternative.addBodyPart(relatedPart);
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart alternativePart = new MimeBodyPart();
        alternativePart.setContent(alternative);
        mixed.addBodyPart(alternativePart);
        MimeBodyPart report = file("report.pdf", "application/pdf", "%PDF-1.4".getBytes());
        report.setDisposition(MimeBodyPart.ATTACHMENT);
        mixed.addBodyPart(report);
        MimeBodyPart photo = file("IMG_0001.JPG", "image/jpeg", new byte[]{(byte) 0xff, (byte) 0xd8});
        photo.setDisposition(MimeBodyPart.INLINE); // as phones attach photos
        mixed.addBodyPart(photo);

        MailContent content = MailContent.of(roundTrip(mixed));
        assertThat(content.replyText()).isEqualTo("Plain answer.");
        assertThat(content.attachments()).extracting(MailContent.Attachment::fileName)
                .containsExactly("report.pdf", "IMG_0001.JPG");
        assertThat(content.attachments()).extracting(MailContent.Attachment::contentType)
                .containsExactly("application/pdf", "image/jpeg");
        assertThat(content.attachments().get(0).open().readAllBytes()).isEqualTo("%PDF-1.4".getBytes());
    }

    @Test
    void htmlOnlyAndLatin1AndAnEncodedFileName() throws Exception {
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(text("<div>Gr\u00fc\u00dfe aus K\u00f6ln</div>", "text/html; charset=ISO-8859-1"));
        MimeBodyPart file = file("Rechnung M\u00e4rz.pdf", "application/pdf", "%PDF-1.4".getBytes());
        file.setFileName(jakarta.mail.internet.MimeUtility.encodeText("Rechnung M\u00e4rz.pdf", "UTF-8", "Q"));
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        mixed.addBodyPart(file);
        MailContent content = MailContent.of(roundTrip(mixed));
        assertThat(content.replyText()).isEqualTo("Gr\u00fc\u00dfe aus K\u00f6ln");
        assertThat(content.attachments()).extracting(MailContent.Attachment::fileName).containsExactly("Rechnung M\u00e4rz.pdf");
    }

    private static MimeBodyPart text(String text, String type) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setContent(text, type);
        return part;
    }

    private static MimeBodyPart file(String name, String type, byte[] bytes) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, type)));
        part.setFileName(name);
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    /** The mail as it arrives: written out and parsed again. */
    private static MimeMessage roundTrip(MimeMultipart body) throws Exception {
        MimeMessage mail = new MimeMessage(SESSION);
        mail.setFrom("anna@example.org");
        mail.setContent(body);
        mail.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        return new MimeMessage(SESSION, new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void aLongReplyIsCutToTheApisLimitKeepingTheNotes() {
        String notes = "\n\n(Attachment \"a.exe\" was not accepted: no)";
        String text = ReplyProcessor.text("x".repeat(20_000), notes);
        assertThat(text.codePointCount(0, text.length())).isEqualTo(ReplyProcessor.MAX_TEXT);
        assertThat(text).endsWith("x\n[…]" + notes);
        assertThat(ReplyProcessor.text("", notes)).isEqualTo(notes.strip());
        assertThat(ReplyProcessor.text("short", "")).isEqualTo("short");
        String many = ReplyProcessor.text("", notes.repeat(1000));
        assertThat(many.codePointCount(0, many.length())).isLessThanOrEqualTo(ReplyProcessor.MAX_TEXT);
    }
}
