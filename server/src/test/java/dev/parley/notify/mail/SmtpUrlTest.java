package dev.parley.notify.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --smtp-url} and the other mail options: what is accepted, what is refused and how, what logs show. */
class SmtpUrlTest {

    @Test
    void smtpWithCredentialsStartTlsWhenOfferedAndAMaskedPassword() {
        SmtpUrl url = SmtpUrl.parse("smtp://mailer%40example.com:s3cr%3At@mail.example.com:587");
        assertThat(url.implicitTls()).isFalse();
        assertThat(url.host()).isEqualTo("mail.example.com");
        assertThat(url.port()).isEqualTo(587);
        assertThat(url.user()).isEqualTo("mailer@example.com");
        assertThat(url.password()).isEqualTo("s3cr:t");
        assertThat(url.toString()).isEqualTo("smtp://mailer@example.com:***@mail.example.com:587").doesNotContain("s3cr");
        var props = url.sessionProperties(1000);
        assertThat(props.getProperty("mail.smtp.starttls.enable")).isEqualTo("true");
        assertThat(props.getProperty("mail.smtp.starttls.required")).isEqualTo("false");
        assertThat(props.getProperty("mail.smtp.auth")).isEqualTo("true");
    }

    @Test
    void starttlsRequiredOrNeverAndSmtpsWithItsDefaultPort() {
        assertThat(SmtpUrl.parse("smtp://h?starttls=required").sessionProperties(1000).getProperty("mail.smtp.starttls.required"))
                .isEqualTo("true");
        assertThat(SmtpUrl.parse("smtp://h?starttls=never").sessionProperties(1000).getProperty("mail.smtp.starttls.enable"))
                .isEqualTo("false");
        assertThat(SmtpUrl.parse("smtp://h").port()).isEqualTo(25);
        SmtpUrl tls = SmtpUrl.parse("smtps://u:p@h");
        assertThat(tls.port()).isEqualTo(465);
        assertThat(tls.protocol()).isEqualTo("smtps");
        assertThat(tls.sessionProperties(1000).getProperty("mail.smtps.host")).isEqualTo("h");
        assertThat(tls.toString()).isEqualTo("smtps://u:***@h:465");
    }

    @Test
    void badValuesAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> SmtpUrl.parse("ftp://h")).hasMessageContaining("smtp:// or smtps://");
        assertThatThrownBy(() -> SmtpUrl.parse("smtp://")).hasMessageContaining("--smtp-url");
        assertThatThrownBy(() -> SmtpUrl.parse("smtp://h?tls=1")).hasMessageContaining("unknown parameter 'tls'");
        assertThatThrownBy(() -> SmtpUrl.parse("smtps://h?starttls=required")).hasMessageContaining("smtps://");
        assertThatThrownBy(() -> MailSettings.of("smtp://h", null, null, null)).hasMessageContaining("--mail-from is required");
        assertThatThrownBy(() -> MailSettings.of("smtp://h", "not an address", null, null)).hasMessageContaining("--mail-from");
        assertThatThrownBy(() -> MailSettings.of("smtp://h", "a@b.example", "nope", null)).hasMessageContaining("--reply-mailbox");
        assertThatThrownBy(() -> MailSettings.of("smtp://h", "a@b.example", null, "everyone")).hasMessageContaining("--notify-staff");
    }

    @Test
    void withoutAnSmtpUrlMailsAreOffAndTheDomainComesFromTheReplyMailboxElseTheSender() {
        assertThat(MailSettings.of(null, null, null, null).enabled()).isFalse();
        assertThat(MailSettings.of(" ", "x", "y", "z").enabled()).isFalse();
        MailSettings on = MailSettings.of("smtp://h", "Parley Support <support@Example.com>", "help@example.com", "none");
        assertThat(on.enabled()).isTrue();
        assertThat(on.domain()).as("the reply mailbox's: the reader of replies knows its own mails by it")
                .isEqualTo("example.com");
        assertThat(MailSettings.of("smtp://h", "Parley Support <support@Notify.example.org>", null, null).domain())
                .as("no reply mailbox: the sender's").isEqualTo("Notify.example.org");
        assertThat(on.staff()).isEqualTo(MailSettings.StaffNotice.NONE);
        assertThat(on.replyMailbox()).isEqualTo("help@example.com");
    }
}
