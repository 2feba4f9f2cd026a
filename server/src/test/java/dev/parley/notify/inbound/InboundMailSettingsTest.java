package dev.parley.notify.inbound;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The IMAP URL and reply mailbox as configured: parsed, checked, the password never shown. */
class InboundMailSettingsTest {

    @Test
    void anImapsUrlWithAnEncodedUserAndPassword() {
        InboundMailSettings s = new InboundMailSettings("imaps://support%40example.com:p%40ss:w@mail.example.com/Replies",
                "support@Example.com", Duration.ofSeconds(30));
        InboundMailSettings.ImapUrl url = InboundMailSettings.ImapUrl.parse(s.imapUrl());
        assertThat(url.tls()).isTrue();
        assertThat(url.port()).isEqualTo(993);
        assertThat(url.user()).isEqualTo("support@example.com");
        assertThat(url.password()).isEqualTo("p@ss:w");
        assertThat(url.folder()).isEqualTo("Replies");
        assertThat(s.replyMailbox()).isEqualTo("support@Example.com");
        assertThat(s.maskedImapUrl()).isEqualTo("imaps://support@example.com:***@mail.example.com:993/Replies")
                .doesNotContain("p@ss");
        assertThat(s.toString()).doesNotContain("p@ss").doesNotContain("p%40ss");
        assertThat(url.toString()).doesNotContain("p@ss");
    }

    @Test
    void plainImapDefaultsToPort143AndTheInbox() {
        InboundMailSettings.ImapUrl url = InboundMailSettings.ImapUrl.parse("imap://u:p@localhost");
        assertThat(url.tls()).isFalse();
        assertThat(url.port()).isEqualTo(143);
        assertThat(url.folder()).isEqualTo("INBOX");
    }

    @Test
    void offWithoutAnUrl() {
        assertThat(InboundMailSettings.off().enabled()).isFalse();
        assertThat(new InboundMailSettings("", null, Duration.ofSeconds(1)).enabled()).isFalse();
    }

    @Test
    void badSettingsAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> new InboundMailSettings("pop3://u:p@host", "s@example.com", Duration.ofSeconds(1)))
                .hasMessageContaining("imaps://");
        assertThatThrownBy(() -> new InboundMailSettings("imaps://host/INBOX", "s@example.com", Duration.ofSeconds(1)))
                .hasMessageContaining("user, password and host");
        assertThatThrownBy(() -> new InboundMailSettings("imaps://user@host/INBOX", "s@example.com", Duration.ofSeconds(1)))
                .hasMessageContaining("no password");
        assertThatThrownBy(() -> new InboundMailSettings("imaps://u:p@host", null, Duration.ofSeconds(1)))
                .hasMessageContaining("--reply-mailbox");
        assertThatThrownBy(() -> new InboundMailSettings("imaps://u:p@host", "support+x@example.com", Duration.ofSeconds(1)))
                .hasMessageContaining("+tag");
        assertThatThrownBy(() -> new InboundMailSettings("imaps://u:p@host", "nomailbox", Duration.ofSeconds(1)))
                .hasMessageContaining("plain mail address");
        assertThatThrownBy(() -> new InboundMailSettings(null, null, Duration.ZERO))
                .hasMessageContaining("--imap-poll-interval");
    }

    @Test
    void parleysOwnMessageIdsAreKnownByPrefixAndDomain() {
        assertThat(AutomaticMail.isOwn("<mail-12-abc@example.com>", "example.com")).isTrue();
        assertThat(AutomaticMail.isOwn("<MAIL-12@Example.COM>", "example.com")).isTrue();
        assertThat(AutomaticMail.isOwn("<mail-12@other.example>", "example.com")).isFalse();
        assertThat(AutomaticMail.isOwn("<CAF=abc@mail.gmail.com>", "example.com")).isFalse();
        assertThat(AutomaticMail.isOwn(null, "example.com")).isFalse();
    }
}
