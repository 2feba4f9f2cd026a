package dev.parley.api;

import dev.parley.identity.Tokens;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.CliCapture;
import dev.parley.testing.Multipart;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed authentications are counted per client address ({@code --auth-failure-limit}, here 3 per
 * minute): each is a 401 that carries the address's remaining failures in {@code X-Ratelimit-*};
 * past the budget every request that presents a credential is a 429 with {@code Retry-After},
 * refused before the credential is even checked, so a valid token from that address is refused
 * too until the budget refills, while requests without a credential go on.
 *
 * <p>Failed authentications tried: a wrong bearer token, a wrong {@code X-Access-Token}, a wrong
 * bare {@code Authorization}, {@code Authorization: Basic …}, a token of 600 characters, an empty
 * {@code Bearer}, an expired API token, a forged file access token in {@code ?token=} and in the
 * {@code Token} header, and an unknown upload token on {@code POST /v2/files}. Addresses: each
 * test has its own, given by {@code X-Forwarded-For} from a trusted proxy (two addresses have
 * separate budgets, two IPv6 addresses in one /64 share one); without a trusted proxy the header
 * buys no fresh budget. A request without any credential (401 for a missing token) is no failed
 * attempt and carries the anonymous per-address budget instead.
 */
class AuthFailureLimitTest {
    static final int BUDGET = 3;
    static final AtomicInteger ADDRESSES = new AtomicInteger(10);

    static TestServer server;
    static ApiClient api;
    static String owner;
    static String conversationId;
    static String fileId;
    static String expiredToken;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(b -> b.authFailureLimit(BUDGET).trustedProxies(List.of("127.0.0.0/8", "::1")));
        api = server.client();
        owner = server.user("customer-owner").token();
        conversationId = api.newConversation(owner, Map.of("title", "Failed authentications"));
        fileId = api.upload(owner, conversationId, "notes.txt", "text/plain", SampleFiles.text("notes\n")).path("id").asText();
        expiredToken = expiredToken();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A client address of its own (TEST-NET-3), as the trusted proxy would name it. */
    static String newAddress() {
        return "203.0.113." + ADDRESSES.incrementAndGet();
    }

    /** One failed authentication of the given kind, from {@code address}. */
    static ApiResponse fail(String kind, String address) {
        ApiClient.Call call = switch (kind) {
            case "bearer" -> list().header("Authorization", "Bearer parley_notAToken");
            case "x-access-token" -> list().header("X-Access-Token", "parley_notAToken");
            case "bare" -> list().header("Authorization", "parley_notAToken");
            case "basic" -> list().header("Authorization", "Basic dXNlcjpwYXNzd29yZA==");
            case "overlong" -> list().header("Authorization", "Bearer " + "x".repeat(600));
            case "empty-bearer" -> list().header("Authorization", "Bearer");
            case "expired" -> list().token(expiredToken);
            case "access-token-query" -> api.call("file-get-file", "GET", "/v2/files/" + fileId + "?token=forged.jwt.token");
            case "access-token-header" -> api.call("file-get-file-meta", "GET", "/v2/files/" + fileId + "/meta")
                    .header("Token", "forged.jwt.token");
            case "upload-token" -> {
                Multipart body = Multipart.file("notes.txt", "text/plain", SampleFiles.text("upload\n"));
                yield api.call("file-create-file", "POST", "/v2/files").raw(body.contentType(), body.bytes())
                        .header("Token", UUID.randomUUID().toString());
            }
            default -> throw new IllegalArgumentException(kind);
        };
        return call.header("X-Forwarded-For", address).send();
    }

    static ApiClient.Call list() {
        return api.call("conversation-list-conversations", "GET", "/v2/conversations");
    }

    static ApiResponse valid(String address) {
        return list().token(owner).header("X-Forwarded-For", address).send();
    }

    static ApiResponse anonymous(String address) {
        return api.call("conversation-list-categories", "GET", "/v2/conversation-categories")
                .header("X-Forwarded-For", address).send();
    }

    static void assertLimited(ApiResponse r) {
        r.assertError(429, "RateLimitError");
        assertThat(r.json().path("message").asText()).isNotBlank();
        assertThat(Long.parseLong(r.header("Retry-After"))).as(r.request()).isBetween(1L, 60L);
        assertThat(r.header("X-Ratelimit-Limit")).isEqualTo(String.valueOf(BUDGET));
        assertThat(r.header("X-Ratelimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(r.header("X-Ratelimit-Reset"))).isBetween(1L, 60L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer", "x-access-token", "bare", "basic", "overlong", "empty-bearer", "expired",
            "access-token-query", "access-token-header", "upload-token"})
    void everyKindOfFailedAuthenticationCountsAndIsRefusedPastTheBudget(String kind) {
        String address = newAddress();
        for (int i = 1; i <= BUDGET; i++) {
            ApiResponse r = fail(kind, address);
            r.assertError(401, "Unauthorized");
            // a 401 shows the address's budget of failed attempts
            assertThat(r.header("X-Ratelimit-Limit")).as(kind).isEqualTo(String.valueOf(BUDGET));
            assertThat(r.header("X-Ratelimit-Remaining")).as(kind).isEqualTo(String.valueOf(BUDGET - i));
            assertThat(Long.parseLong(r.header("X-Ratelimit-Reset"))).as(kind).isBetween(1L, 60L);
        }
        assertLimited(fail(kind, address));
        assertLimited(fail(kind, address));
        // refused before the credential is checked: a valid token from there is refused as well
        assertLimited(valid(address));
        // requests that present no credential go on
        anonymous(address).assertStatus(200);
    }

    @Test
    void failuresOfDifferentKindsShareTheAddressBudget() {
        String address = newAddress();
        fail("bearer", address).assertError(401, "Unauthorized");
        fail("access-token-query", address).assertError(401, "Unauthorized");
        fail("upload-token", address).assertError(401, "Unauthorized");
        assertLimited(fail("x-access-token", address));
    }

    @Test
    void twoAddressesBehindATrustedProxyHaveTheirOwnBudgets() {
        String first = newAddress();
        String second = newAddress();
        for (int i = 0; i < BUDGET; i++) {
            fail("bearer", first).assertError(401, "Unauthorized");
        }
        assertLimited(fail("bearer", first));
        ApiResponse other = fail("bearer", second).assertError(401, "Unauthorized");
        assertThat(other.header("X-Ratelimit-Remaining")).isEqualTo(String.valueOf(BUDGET - 1));
        valid(second).assertStatus(200);
        // the proxy appends the real peer: what the client wrote in front of it does not count
        assertLimited(fail("bearer", second + ", " + first));
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareABudget() {
        String prefix = "2001:db8:" + ADDRESSES.incrementAndGet() + ":1:";
        for (int i = 0; i < BUDGET; i++) {
            fail("bearer", prefix + ":" + (i + 1)).assertError(401, "Unauthorized");
        }
        assertLimited(fail("bearer", prefix + "abcd:ef01:2345:6789"));
        String otherPrefix = "2001:db8:" + ADDRESSES.incrementAndGet() + ":2::1";
        fail("bearer", otherPrefix).assertError(401, "Unauthorized");
    }

    @Test
    void validRequestsAndMissingTokensAreNoFailedAttempts() {
        String address = newAddress();
        for (int i = 0; i < 2 * BUDGET; i++) {
            ApiResponse ok = valid(address).assertStatus(200);
            assertThat(ok.header("X-Ratelimit-Limit")).isEqualTo("1000000"); // the token's own budget
            ApiResponse missing = list().header("X-Forwarded-For", address).send().assertError(401, "Unauthorized");
            // no credential: the anonymous budget of the address, never the failure budget
            assertThat(missing.header("X-Ratelimit-Limit")).isEqualTo("1000000");
        }
        ApiResponse first = fail("bearer", address).assertError(401, "Unauthorized");
        assertThat(first.header("X-Ratelimit-Remaining")).isEqualTo(String.valueOf(BUDGET - 1));
    }

    @Test
    void withoutATrustedProxyForwardedForBuysNoFreshBudget() {
        try (TestServer direct = TestServer.start(b -> b.authFailureLimit(2))) {
            ApiClient client = direct.client();
            List<ApiResponse> responses = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                responses.add(client.call("conversation-list-conversations", "GET", "/v2/conversations")
                        .header("Authorization", "Bearer parley_notAToken")
                        .header("X-Forwarded-For", "198.51.100." + i).send());
            }
            responses.get(0).assertError(401, "Unauthorized");
            responses.get(1).assertError(401, "Unauthorized");
            responses.get(2).assertError(429, "RateLimitError");
        }
    }

    /** An API token of the owner whose expiry has passed ({@code parley admin token create}, then moved back). */
    private static String expiredToken() throws Exception {
        CliCapture.Result r = CliCapture.run(List.of("admin", "token", "create", "--user",
                server.user("customer-owner").userId(), "--expires-in-days", "1", "--database-url", server.databaseUrl()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        String token = r.out().strip();
        try (Connection c = DriverManager.getConnection(server.databaseUrl());
             PreparedStatement st = c.prepareStatement("UPDATE api_tokens SET expires_at = ? WHERE token_hash = ?")) {
            st.setLong(1, System.currentTimeMillis() - 1000);
            st.setString(2, Tokens.hash(token));
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        return token;
    }
}
