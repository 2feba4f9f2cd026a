package dev.parley.webhook;

import org.eclipse.jetty.util.InetAddressSet;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may be sent (no server-side request forgery): an http or https URL whose host
 * resolves only to public addresses. Refused: loopback, private (10/8, 172.16/12, 192.168/16,
 * 100.64/10, fc00::/7, fec0::/10), link-local (169.254/16 with the cloud metadata address
 * 169.254.169.254, fe80::/10), unspecified, multicast, broadcast and reserved ranges, and IPv6
 * forms that carry such an IPv4 address (mapped, compatible, 6to4, NAT64). Addresses and CIDR
 * blocks named in {@code --webhook-allow-private} pass. The check is made on the resolved
 * addresses: at {@code parley admin webhook add} ({@link #resolve}), and at every attempt by the
 * sender's DNS resolver ({@link PolicyDnsResolver}), whose checked addresses are the ones the
 * connection is made to (the name is not looked up a second time).
 */
public final class AddressPolicy {
    private final InetAddressSet allowed = new InetAddressSet();

    public AddressPolicy(List<String> allowPrivate) {
        for (String entry : allowPrivate) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            try {
                allowed.add(entry.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--webhook-allow-private: not an address or CIDR block: " + entry, e);
            }
        }
    }

    /** A checked destination: the URL, its parts, and the first address it resolves to. */
    public record Target(URI uri, String host, int port, boolean https, InetAddress address) {
    }

    /** Refusal of a URL, with the reason as the operator reads it. */
    public static final class RefusedUrl extends IllegalArgumentException {
        public RefusedUrl(String message) {
            super(message);
        }
    }

    /** The URL's syntax only (no lookup): absolute http or https with a host. */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new RefusedUrl("not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedUrl("a webhook URL must be http or https: " + url);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new RefusedUrl("a webhook URL needs a host: " + url);
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedUrl("a webhook URL may not carry user information: " + url);
        }
        if (uri.getRawFragment() != null) {
            throw new RefusedUrl("a webhook URL may not have a fragment: " + url);
        }
        return uri;
    }

    /**
     * Resolves the URL's host and checks every address it has; the first is the one to connect
     * to. Throws {@link RefusedUrl} for a bad URL, an unknown host or a refused address.
     */
    public Target resolve(String url) {
        URI uri = parse(url);
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new RefusedUrl("the host of " + url + " does not resolve");
        }
        check("webhook URL " + url, addresses);
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        return new Target(uri, bare, port, https, addresses[0]);
    }

    /**
     * Throws {@link RefusedUrl} when any of the addresses {@code what} resolves to is refused,
     * naming the first such address and why.
     */
    public void check(String what, InetAddress[] addresses) {
        for (InetAddress address : addresses) {
            String why = refusal(address);
            if (why != null) {
                throw new RefusedUrl(what + " resolves to " + address.getHostAddress() + ", " + why
                        + " (--webhook-allow-private lets named addresses through)");
            }
        }
    }

    /** Why the address is refused, or null when a webhook may go there. */
    public String refusal(InetAddress address) {
        if (allowed.test(address)) {
            return null;
        }
        return refusalOf(address);
    }

    static String refusalOf(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            InetAddress embedded = embeddedIpv4(b);
            if (embedded != null) {
                String why = refusalOf(embedded);
                return why == null ? null : why + " (inside an IPv6 address)";
            }
            if (v6.isLoopbackAddress()) {
                return "a loopback address";
            }
            if (v6.isAnyLocalAddress()) {
                return "the unspecified address";
            }
            if (v6.isLinkLocalAddress()) {
                return "a link-local address";
            }
            if (v6.isMulticastAddress()) {
                return "a multicast address";
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return "a private (unique local) address";
            }
            if (v6.isSiteLocalAddress()) {
                return "a private (site-local) address";
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "a documentation address";
            }
            return null;
        }
        byte[] b = address.getAddress();
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 127) {
            return "a loopback address";
        }
        if (a0 == 0) {
            return "the unspecified address (0.0.0.0/8)";
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return "a private address";
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return "a shared (carrier-grade NAT) address";
        }
        if (a0 == 169 && a1 == 254) {
            return "a link-local address (the cloud metadata service lives there)";
        }
        if (a0 >= 224) {
            return a0 < 240 ? "a multicast address" : "a reserved or broadcast address";
        }
        int a2 = b[2] & 0xff;
        if ((a0 == 192 && a1 == 0 && a2 == 0) || (a0 == 198 && (a1 == 18 || a1 == 19))) {
            return "a reserved address";
        }
        if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return "a documentation address";
        }
        return null;
    }

    /**
     * The IPv4 address an IPv6 address carries, where it is one an attacker could use to reach
     * IPv4 hosts: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d),
     * 6to4 (2002:aabb:ccdd::). Java already turns most mapped literals into IPv4 addresses.
     */
    private static InetAddress embeddedIpv4(byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        byte[] v4 = null;
        if (zeros80 && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0 && !allZeroOrOne(b)))) {
            v4 = new byte[]{b[12], b[13], b[14], b[15]};
        } else if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
            v4 = new byte[]{b[12], b[13], b[14], b[15]};
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            v4 = new byte[]{b[2], b[3], b[4], b[5]};
        }
        if (v4 == null) {
            return null;
        }
        try {
            return Inet4Address.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** :: and ::1 (which are not IPv4-compatible addresses but the unspecified and loopback ones). */
    private static boolean allZeroOrOne(byte[] b) {
        for (int i = 0; i < 15; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[15] == 0 || b[15] == 1;
    }
}
