package dev.parley.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignatureTest {

    /** The Standard Webhooks specification's published example (its reference libraries test the same values). */
    @Test
    void signsTheSpecificationsExample() {
        String signature = WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void theTestReceiversVerifierAgreesWithTheExample() {
        // its own implementation, checked against the same published values (the timestamp check aside)
        byte[] mac = WebhookReceiver.hmac(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                "msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.".getBytes(StandardCharsets.UTF_8),
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThat(Base64.getEncoder().encodeToString(mac)).isEqualTo("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void newSecretsAreWhsecAndThirtyTwoRandomBytes() {
        String a = WebhookSignature.newSecret();
        String b = WebhookSignature.newSecret();
        assertThat(a).startsWith("whsec_").isNotEqualTo(b);
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
        long now = System.currentTimeMillis() / 1000;
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookReceiver.verify(a, "msg_1", Long.toString(now), body, WebhookSignature.sign(a, "msg_1", now, body)))
                .isTrue();
        assertThat(WebhookReceiver.verify(b, "msg_1", Long.toString(now), body, WebhookSignature.sign(a, "msg_1", now, body)))
                .isFalse();
    }

    @Test
    void aSecretWithoutThePrefixIsRefused() {
        assertThatThrownBy(() -> WebhookSignature.sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg", 1, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
