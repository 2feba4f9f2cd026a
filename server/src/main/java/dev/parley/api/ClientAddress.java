package dev.parley.api;

import com.google.common.net.InetAddresses;
import io.javalin.http.Context;
import org.eclipse.jetty.util.InetAddressSet;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The address of the client that sent a request, for the rate limit of requests without an API
 * token. Behind a reverse proxy every request comes from the proxy, so {@code X-Forwarded-For} is
 * honoured, but only when the connection comes from a configured trusted proxy
 * ({@code --trusted-proxy}): the client address is then the right-most address in the header
 * that is not itself a trusted proxy. Anyone else could write any address into the header, so
 * without trusted proxies (the default) the header is ignored. Entries are IP literals only and
 * are never looked up: a host name (or anything else) ends the chain there.
 */
public final class ClientAddress {
    private final InetAddressSet trusted = new InetAddressSet();

    /** {@code proxies}: addresses, CIDR blocks ({@code 10.0.0.0/8}) or ranges ({@code 10.0.0.1-10.0.0.9}). */
    public ClientAddress(List<String> proxies) {
        for (String proxy : proxies) {
            if (proxy.isBlank()) {
                continue;
            }
            try {
                trusted.add(proxy.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--trusted-proxy: not an address, CIDR block or range: " + proxy, e);
            }
        }
    }

    public String of(Context ctx) {
        return of(ctx.req().getRemoteAddr(), Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
    }

    /**
     * Whether the request came straight from a configured trusted proxy, whose {@code X-Forwarded-*}
     * headers may then be believed (also {@code -Host} and {@code -Proto}: api/PublicBaseUrl).
     */
    public boolean fromTrustedProxy(Context ctx) {
        return !trusted.isEmpty() && isTrusted(ctx.req().getRemoteAddr());
    }

    /** The client address of a request from {@code peer} with these X-Forwarded-For headers. */
    String of(String peer, List<String> forwardedFor) {
        if (trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> chain = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String part : header.split(",")) {
                chain.add(part.strip());
            }
        }
        String client = peer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            String address = chain.get(i);
            if (literal(address) == null) {
                break; // garbage: trust nothing further left
            }
            client = address;
            if (!isTrusted(address)) {
                break;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        InetAddress parsed = literal(address);
        return parsed != null && trusted.test(parsed);
    }

    /**
     * The address an IP literal in standard form names (dotted quad, or IPv6 with or without an
     * embedded IPv4, bare or in brackets as in a URI), or null for anything else: host names and
     * the shorthand IPv4 forms a resolver would expand ({@code 127.1}). Guava's parser never
     * consults a name service.
     */
    static InetAddress literal(String address) {
        if (address == null) {
            return null;
        }
        if (InetAddresses.isInetAddress(address)) {
            return InetAddresses.forString(address);
        }
        return InetAddresses.isUriInetAddress(address) ? InetAddresses.forUriString(address) : null;
    }
}
