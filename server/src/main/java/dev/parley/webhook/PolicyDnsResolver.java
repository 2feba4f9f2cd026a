package dev.parley.webhook;

import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The webhook client's name resolution: a host (a name or an IP literal alike) is looked up
 * once, and its addresses are returned only if {@link AddressPolicy} lets every one of them
 * through. HttpClient connects to exactly the addresses returned, so the address checked is the
 * address connected to: a name that changes between a check and the connection (DNS rebinding)
 * has no window to do so. A refusal is a {@link Refused}, which the sender records as the
 * attempt's error.
 */
final class PolicyDnsResolver implements DnsResolver {
    /** The name lookup (the system's; tests give names of their own). */
    interface Lookup {
        InetAddress[] all(String host) throws UnknownHostException;
    }

    /** A host that does not resolve, or resolves to an address the policy refuses. */
    static final class Refused extends UnknownHostException {
        Refused(String message) {
            super(message);
        }
    }

    private final AddressPolicy policy;
    private final Lookup lookup;

    PolicyDnsResolver(AddressPolicy policy) {
        this(policy, InetAddress::getAllByName);
    }

    PolicyDnsResolver(AddressPolicy policy, Lookup lookup) {
        this.policy = policy;
        this.lookup = lookup;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = lookup.all(bare);
        } catch (UnknownHostException e) {
            throw new Refused("webhook host " + bare + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new Refused("webhook host " + bare + " does not resolve");
        }
        try {
            policy.check("webhook host " + bare, addresses);
        } catch (AddressPolicy.RefusedUrl e) {
            throw new Refused(e.getMessage());
        }
        return addresses.clone();
    }

    /** Only used for authentication schemes, which the webhook client does not use: the host as given. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
