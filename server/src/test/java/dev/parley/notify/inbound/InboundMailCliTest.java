package dev.parley.notify.inbound;

import dev.parley.testing.CliCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code parley serve}'s e-mail-in options: listed in the help, bad values refused in one line before anything starts. */
class InboundMailCliTest {
    @TempDir
    Path dataDir;

    @Test
    void theOptionsAreListedWithTheirEnvironmentDefaults() {
        CliCapture.Result help = CliCapture.run(List.of("serve", "--help"));
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Answering by e-mail:", "--imap-url", "--reply-mailbox", "--imap-poll-interval",
                "default: 30s");
    }

    @Test
    void badSettingsAreRefusedInOneLineWithoutThePassword() {
        CliCapture.Result scheme = serve("--imap-url", "pop3://support:secret-pw@mail.example.com", "--reply-mailbox",
                "support@example.com");
        assertThat(scheme.exitCode()).isNotZero();
        assertThat(scheme.err().strip()).isEqualTo("parley: --imap-url must start with imaps:// or imap://");

        CliCapture.Result noMailbox = serve("--imap-url", "imaps://support:secret-pw@mail.example.com/INBOX");
        assertThat(noMailbox.exitCode()).isNotZero();
        assertThat(noMailbox.err()).contains("--imap-url needs --reply-mailbox").doesNotContain("secret-pw")
                .doesNotContain("Exception");

        CliCapture.Result interval = serve("--imap-url", "imaps://support:secret-pw@mail.example.com/INBOX",
                "--reply-mailbox", "support@example.com", "--imap-poll-interval", "soon");
        assertThat(interval.exitCode()).isNotZero();
        assertThat(interval.err()).contains("not a duration").doesNotContain("secret-pw");
    }

    private CliCapture.Result serve(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("serve", "--host", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString()));
        args.addAll(List.of(options));
        return CliCapture.run(args);
    }
}
