package dev.parley.api;

import io.javalin.http.Context;
import org.eclipse.jetty.util.InetAddressSet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address of the client that sent a request, for the rate limit of requests without an API
 * token. Behind a reverse proxy every request comes from the proxy, so {@code X-Forwarded-For} is
 * honoured, but only when the connection comes from a configured trusted proxy
 * ({@code --trusted-proxy}): the client address is then the right-most address in the header
 * that is not itself a trusted proxy. Anyone else could write any address into the header, so
 * without trusted proxies (the default) the header is ignored.
 */
public final class ClientAddress {
    /** IP literals only: a host name in the header must never cause a DNS lookup. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

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
        String peer = ctx.req().getRemoteAddr();
        if (trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> chain = new ArrayList<>();
        Enumeration<String> headers = ctx.req().getHeaders("X-Forwarded-For");
        while (headers.hasMoreElements()) {
            for (String part : headers.nextElement().split(",")) {
                chain.add(part.strip());
            }
        }
        String client = peer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            String address = chain.get(i);
            if (parse(address) == null) {
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
        InetAddress parsed = parse(address);
        return parsed != null && trusted.test(parsed);
    }

    private static InetAddress parse(String address) {
        if (address == null || !IP_LITERAL.matcher(address).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
