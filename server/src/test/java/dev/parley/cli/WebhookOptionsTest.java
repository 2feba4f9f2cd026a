package dev.parley.cli;

import dev.parley.webhook.WebhookSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookOptionsTest {

    private static WebhookSettings parse(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve.webhooks.settings();
    }

    @Test
    void allowedAddressesAndTheRetryPeriodReachTheSettings() {
        WebhookSettings s = parse("--webhook-allow-private", "127.0.0.1,10.1.0.0/16", "--webhook-retry-for", "2d");
        assertThat(s.allowPrivate()).containsExactly("127.0.0.1", "10.1.0.0/16");
        assertThat(s.retryFor()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void defaultsAllowNothingPrivateAndRetryForMoreThanADay() {
        WebhookSettings s = parse();
        assertThat(s.allowPrivate()).isEqualTo(List.of());
        assertThat(s.retryFor()).isGreaterThanOrEqualTo(Duration.ofDays(1));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aRetryPeriodUnderADayIsRefused() {
        assertThatThrownBy(() -> parse("--webhook-retry-for", "12h")).hasMessageContaining("at least 1 day");
    }
}
