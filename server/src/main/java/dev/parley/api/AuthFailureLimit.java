package dev.parley.api;

import io.javalin.http.Context;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A budget of failed authentications per client address ({@code --auth-failure-limit} per
 * rate-limit window): a bad API token, file access token or upload token spends one; once the
 * budget is spent, every request from that address that presents a credential is refused with
 * 429 before the credential is checked, until the budget refills. Checking first and refusing
 * only failures would let a guess that happens to be right through, so a valid token from a
 * blocked address is refused too (SECURITY.md). Requests without any credential are not
 * affected: they carry the anonymous per-address rate limit instead.
 *
 * <p>A 401 carries this budget in {@code X-Ratelimit-*} (the failed attempts left), since no
 * token's budget applies to it. IPv6 addresses count per /64, the block one subscriber usually
 * holds, so that rotating through it buys no fresh budget. The buckets are those of a
 * {@link RateLimiter}: in memory on SQLite, shared by all nodes in PostgreSQL (where a node
 * learns that an address is blocked from a failure of its own, so past the budget at most one
 * more attempt per node is checked each time a token refills).
 */
public final class AuthFailureLimit {
    private final RateLimiter failures;

    public AuthFailureLimit(RateLimiter failures) {
        this.failures = failures;
    }

    /** Whether the request presents a credential: an API token, or (for {@code ownToken} operations) a file or upload token. */
    static boolean presentsCredential(Context ctx, boolean ownToken) {
        if (ctx.header("Authorization") != null || ctx.header("X-Access-Token") != null) {
            return true;
        }
        return ownToken && (ctx.header("Token") != null || ctx.queryParam("token") != null);
    }

    /** 429 when the address has no failed attempts left; takes nothing. */
    void refuseIfExhausted(Context ctx, String address) {
        failures.refuseIfEmpty(ctx, key(address));
    }

    /** Whether the address has no failed attempts left (what {@link #refuseIfExhausted} refuses); takes nothing. */
    boolean exhausted(String address) {
        return failures.peekEmpty(key(address)) != null;
    }

    /** Spends one failed attempt of the address and puts what is left in the headers; 429 when none was left. */
    void failed(Context ctx, String address) {
        failures.consume(ctx, key(address));
    }

    static String key(String address) {
        return "auth-failures:" + block(address);
    }

    /** The address itself, or for IPv6 its /64. */
    public static String block(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            // an IP literal (ClientAddress accepts nothing else), so no name is looked up
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet6Address) {
                byte[] bytes = parsed.getAddress();
                java.util.Arrays.fill(bytes, 8, 16, (byte) 0);
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            }
            return parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
