package dev.parley.identity;

import dev.parley.storage.Database;
import dev.parley.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller cache never outlives a change the node knows of: revocation, deactivation and new
 * memberships written through this node's store count at the next lookup (through repositories
 * and through plain SQL), a hit reads nothing, a change made elsewhere counts once the node has
 * seen its version, and an expiry passes while the caller is cached.
 */
class CallerCacheTest {
    private static final long DAY = 86_400_000L;

    private TestDatabase store;
    private Database database;
    private final IdentityVersion versions = new IdentityVersion();
    private final CallerCache cache = new CallerCache(versions);
    private String user;
    private String token;
    private long now;

    @BeforeEach
    void open() {
        store = TestDatabase.create();
        // the run's engine: a fresh PostgreSQL database, or (url null) a SQLite file of this test's
        database = Database.open(store.url() != null ? store.url() : "jdbc:sqlite:" + sqliteFile());
        IdentityChanges.followWrites(database, versions); // as the server does: its own writes count at once
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
        return cache.find(database, Tokens.hash(token), at);
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

    @Test
    void aHitRunsNoStatement() {
        assertThat(find(now)).isPresent();
        dev.parley.testing.StatementLog log = dev.parley.testing.StatementLog.on(database);
        assertThat(find(now)).isPresent();
        assertThat(find(now + 2 * DAY)).isEmpty();
        assertThat(log.statements()).isEmpty();
        database.write(h -> IdentityRepository.revokeToken(h, token));
        log.clear();
        assertThat(find(now)).isEmpty(); // a miss: the version, then the token
        assertThat(log.statements()).anyMatch(sql -> sql.contains("identity_version"));
    }

    @Test
    void aChangeMadeElsewhereCountsOnceItsVersionIsSeen() {
        assertThat(find(now)).isPresent();
        // a second store on the same database: another process (parley admin) or another node
        try (Database elsewhere = Database.open(store.url() != null ? store.url()
                : "jdbc:sqlite:" + sqlite.resolve("parley.db"))) {
            elsewhere.write(h -> IdentityRepository.revokeToken(h, token));
        }
        assertThat(find(now)).isPresent(); // not known to this node yet: served from memory
        versions.seen(database.read(IdentityVersion::read)); // what the poll or a notification does
        assertThat(find(now)).isEmpty();
    }
}
