package dev.parley.identity;

import dev.parley.storage.Database;
import dev.parley.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller cache never outlives a change: revocation, deactivation and new memberships count
 * at the next lookup (through the server's own writes and through plain SQL, as another node or
 * a hand-made fix would write), and an expiry passes while the caller is cached.
 */
class CallerCacheTest {
    private static final long DAY = 86_400_000L;

    private TestDatabase store;
    private Database database;
    private final CallerCache cache = new CallerCache();
    private String user;
    private String token;
    private long now;

    @BeforeEach
    void open() {
        store = TestDatabase.create();
        // the run's engine: a fresh PostgreSQL database, or (url null) a SQLite file of this test's
        database = Database.open(store.url() != null ? store.url() : "jdbc:sqlite:" + sqliteFile());
        now = System.currentTimeMillis();
        user = database.write(h -> IdentityRepository.createUser(h, "Cora Cached", null, false));
        token = database.write(h -> IdentityRepository.createToken(h, user, "cached", now + DAY));
    }

    @AfterEach
    void close() throws java.io.IOException {
        database.close();
        store.close();
        if (sqlite != null) {
            java.nio.file.Files.walk(sqlite).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private java.nio.file.Path sqlite;

    private String sqliteFile() {
        try {
            sqlite = java.nio.file.Files.createTempDirectory("parley-caller-cache");
            return sqlite.resolve("parley.db").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Optional<Caller> find(long at) {
        return database.read(h -> cache.find(h, Tokens.hash(token), at));
    }

    @Test
    void aCachedCallerIsTheSameAsAFreshOne() {
        Caller first = find(now).orElseThrow();
        Caller second = find(now).orElseThrow();
        assertThat(second).isSameAs(first); // served from the cache
        assertThat(second.userId()).isEqualTo(user);
    }

    @Test
    void expiryPassesWhileCached() {
        assertThat(find(now)).isPresent();
        assertThat(find(now + 2 * DAY)).isEmpty();
        assertThat(find(now)).isPresent();
    }

    @Test
    void revocationCountsAtTheNextLookup() {
        assertThat(find(now)).isPresent();
        database.write(h -> IdentityRepository.revokeToken(h, token));
        assertThat(find(now)).isEmpty();
    }

    @Test
    void deactivationBySqlCountsAtTheNextLookup() {
        assertThat(find(now)).isPresent();
        database.write(h -> h.createUpdate("UPDATE users SET active = 0 WHERE user_id = :u").bind("u", user).execute());
        assertThat(find(now)).isEmpty();
        database.write(h -> h.createUpdate("UPDATE users SET active = 1 WHERE user_id = :u").bind("u", user).execute());
        assertThat(find(now)).isPresent();
    }

    @Test
    void aNewMembershipIsSeenAtTheNextLookup() {
        assertThat(find(now).orElseThrow().customerIds()).isEmpty();
        String customer = database.write(h -> IdentityRepository.createCustomer(h, "Cache GmbH"));
        database.write(h -> {
            IdentityRepository.addCustomerMember(h, customer, user, "member");
            return null;
        });
        assertThat(find(now).orElseThrow().customerIds()).containsExactly(customer);
        database.write(h -> h.createUpdate("DELETE FROM customer_members WHERE user_id = :u").bind("u", user).execute());
        assertThat(find(now).orElseThrow().customerIds()).isEmpty();
    }
}
