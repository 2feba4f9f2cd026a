package dev.parley.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressPolicyTest {
    private final AddressPolicy strict = new AddressPolicy(List.of());

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/hook", "http://127.1.2.3:8080/", "http://[::1]/", "http://localhost:9000/x",
            "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://172.16.5.4/", "http://172.31.255.255/",
            "http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::]/", "http://[fc00::1]/",
            "http://[fd12:3456::1]/", "http://[fe80::1]/", "http://224.0.0.1/", "http://255.255.255.255/",
            "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/", "http://[::ffff:a9fe:a9fe]/",
            "http://[::ffff:10.0.0.1]/", "http://[::127.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/",
            "https://[::ffff:192.168.0.1]:8443/"})
    void privateLoopbackLinkLocalAndMetadataAddressesAreRefused(String url) {
        assertThatThrownBy(() -> strict.resolve(url)).isInstanceOf(AddressPolicy.RefusedUrl.class)
                .hasMessageContaining("resolves to");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://93.184.216.34/", "file:///etc/passwd", "gopher://1.1.1.1/", "not a url", "http:///nohost",
            "http://user:pw@93.184.216.34/", "/relative"})
    void onlyAbsoluteHttpUrlsAreAccepted(String url) {
        assertThatThrownBy(() -> strict.resolve(url)).isInstanceOf(AddressPolicy.RefusedUrl.class);
    }

    @Test
    void publicAddressesPass() {
        AddressPolicy.Target t = strict.resolve("https://93.184.216.34/hooks?a=1");
        assertThat(t.address().getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(t.port()).isEqualTo(443);
        assertThat(t.https()).isTrue();
        assertThat(strict.resolve("http://[2606:4700:4700::1111]:8080/").port()).isEqualTo(8080);
        assertThat(strict.resolve("http://172.32.0.1/").address().getHostAddress()).isEqualTo("172.32.0.1");
        assertThat(strict.resolve("http://100.128.0.1/").address().getHostAddress()).isEqualTo("100.128.0.1");
    }

    @Test
    void namedAddressesAndBlocksAreLetThrough() {
        AddressPolicy allowing = new AddressPolicy(List.of("127.0.0.1", "10.1.0.0/16"));
        assertThat(allowing.resolve("http://127.0.0.1:1234/").address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(allowing.resolve("http://10.1.2.3/").port()).isEqualTo(80);
        assertThatThrownBy(() -> allowing.resolve("http://127.0.0.2/")).isInstanceOf(AddressPolicy.RefusedUrl.class);
        assertThatThrownBy(() -> allowing.resolve("http://10.2.0.1/")).isInstanceOf(AddressPolicy.RefusedUrl.class);
        assertThatThrownBy(() -> allowing.resolve("http://169.254.169.254/")).isInstanceOf(AddressPolicy.RefusedUrl.class);
        assertThatThrownBy(() -> new AddressPolicy(List.of("not-an-address")))
                .hasMessageContaining("--webhook-allow-private");
    }

    @Test
    void anUnknownHostIsRefused() {
        assertThatThrownBy(() -> strict.resolve("http://no-such-host.invalid/")).isInstanceOf(AddressPolicy.RefusedUrl.class)
                .hasMessageContaining("does not resolve");
    }
}
