package dev.parley.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which address a request is counted under for anonymous rate limits. Only IP literals in their
 * standard forms count, and none is ever looked up. Tried: hex-looking host names ({@code
 * cafe.bad}, {@code dead.beef}, {@code abc}, {@code add}), the shorthand forms a resolver accepts
 * for an IPv4 address ({@code 127.1}, {@code 10.1}, the number {@code 2130706433}, out-of-range
 * parts), an empty entry, and well-formed IPv4, IPv6 (bare and in brackets) and IPv4-mapped IPv6
 * addresses.
 */
class ClientAddressTest {
    private final ClientAddress behindProxy = new ClientAddress(List.of("127.0.0.0/8", "10.0.0.0/8", "::1"));

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertThat(new ClientAddress(List.of()).of("127.0.0.1", List.of("203.0.113.7"))).isEqualTo("127.0.0.1");
    }

    @Test
    void theRightMostAddressThatIsNoTrustedProxyIsTheClient() {
        assertThat(behindProxy.of("127.0.0.1", List.of("198.51.100.9, 203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(behindProxy.of("127.0.0.1", List.of("203.0.113.7, 10.0.0.5"))).isEqualTo("203.0.113.7");
        assertThat(behindProxy.of("127.0.0.1", List.of("203.0.113.7", "10.0.0.5"))).isEqualTo("203.0.113.7");
        assertThat(behindProxy.of("::1", List.of("2001:db8::7"))).isEqualTo("2001:db8::7");
        assertThat(behindProxy.of("127.0.0.1", List.of("::ffff:203.0.113.7"))).isEqualTo("::ffff:203.0.113.7");
        // an address that is not the proxy's: the header is not believed
        assertThat(behindProxy.of("198.51.100.1", List.of("203.0.113.7"))).isEqualTo("198.51.100.1");
    }

    /** A host name is garbage, however much it looks like hex digits: nothing left of it counts. */
    @Test
    void hostNamesAreNeverTakenForAddresses() {
        for (String name : List.of("cafe.bad", "dead.beef", "abc", "add", "face.b00c", "a.b.c.d")) {
            assertThat(behindProxy.of("127.0.0.1", List.of("203.0.113.7, " + name))).as(name).isEqualTo("127.0.0.1");
            assertThat(ClientAddress.literal(name)).as(name).isNull();
        }
    }

    /**
     * Shorthand IPv4 forms that a resolver expands ({@code 127.1} is 127.0.0.1) are not standard
     * literals: were they taken for trusted proxies, a client could hide behind them.
     */
    @Test
    void shorthandIpv4FormsAreGarbage() {
        for (String shorthand : List.of("127.1", "10.1", "127.0.1", "2130706433", "127.0.0.256", "1.2.3.4.5", "")) {
            assertThat(behindProxy.of("127.0.0.1", List.of("203.0.113.7, " + shorthand)))
                    .as("'" + shorthand + "'").isEqualTo("127.0.0.1");
            assertThat(ClientAddress.literal(shorthand)).as("'" + shorthand + "'").isNull();
        }
    }

    @Test
    void literalsParseToTheirAddress() {
        assertThat(ClientAddress.literal("203.0.113.7").getHostAddress()).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.literal("2001:DB8::7").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(ClientAddress.literal("[2001:db8::7]").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:7");
        assertThat(ClientAddress.literal("[203.0.113.7]")).isNull();
        assertThat(ClientAddress.literal(null)).isNull();
        // an IPv6 peer written in brackets is still the trusted proxy
        assertThat(behindProxy.of("[::1]", List.of("203.0.113.7"))).isEqualTo("203.0.113.7");
    }
}
