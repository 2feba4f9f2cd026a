package dev.parley.identity;

import dev.parley.storage.Database;
import dev.parley.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens' last uses: at most one write per token and minute, written without raising
 * identity_version (a use must not empty every node's caches), never moved back in time.
 */
class TokenUsesTest {
    private TestDatabase store;
    private Path sqlite;
    private Database database;
    private String tokenHash;
    private String tokenId;

    @BeforeEach
    void open() throws java.io.IOException {
        store = TestDatabase.create();
        if (store.url() == null) {
            sqlite = Files.createTempDirectory("parley-token-uses");
        }
        database = Database.open(store.url() != null ? store.url() : "jdbc:sqlite:" + sqlite.resolve("parley.db"));
        String user = database.write(h -> IdentityRepository.createUser(h, "Tom Token", null, false));
        String token = database.write(h -> IdentityRepository.createToken(h, user, "used", null));
        tokenHash = Tokens.hash(token);
        tokenId = database.read(h -> IdentityListing.tokenByHash(h, tokenHash)).orElseThrow().tokenId();
    }

    @AfterEach
    void close() throws java.io.IOException {
        database.close();
        store.close();
        if (sqlite != null) {
            try (var files = Files.walk(sqlite)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Long lastUsed() {
        return database.read(h -> IdentityListing.token(h, tokenId)).orElseThrow().lastUsedAt();
    }

    private long identityVersion() {
        return database.read(IdentityVersion::read);
    }

    @Test
    void aTokensUseIsDueOncePerInterval() {
        TokenUses uses = new TokenUses(database);
        try {
            long t = 1_000_000;
            assertThat(uses.due(tokenHash, t)).isTrue();
            assertThat(uses.due(tokenHash, t + 1)).isFalse();
            assertThat(uses.due(tokenHash, t + TokenUses.INTERVAL_MILLIS - 1)).isFalse();
            assertThat(uses.due("another token's hash", t + 1)).isTrue();
            assertThat(uses.due(tokenHash, t + TokenUses.INTERVAL_MILLIS)).isTrue();
            assertThat(uses.due(tokenHash, t + TokenUses.INTERVAL_MILLIS + 5)).isFalse();
        } finally {
            uses.close();
        }
    }

    @Test
    void usesAreWrittenWithoutRaisingTheIdentityVersionAndNeverBackwards() {
        assertThat(lastUsed()).isNull();
        long before = identityVersion();
        TokenUses uses = new TokenUses(database);
        uses.used(tokenHash, 5_000_000);
        uses.used(tokenHash, 5_000_010); // not due: not written
        uses.close(); // writes what is noted
        assertThat(lastUsed()).isEqualTo(5_000_000L);
        assertThat(identityVersion()).as("identity_version after recording a use").isEqualTo(before);

        // another node, whose clock or memory is behind, does not move it back; a later use moves it on
        TokenUses other = new TokenUses(database);
        other.used(tokenHash, 4_000_000);
        other.close();
        assertThat(lastUsed()).isEqualTo(5_000_000L);
        TokenUses later = new TokenUses(database);
        later.used(tokenHash, 5_000_000 + TokenUses.INTERVAL_MILLIS);
        later.used("a hash no token has", 5_000_000); // ignored
        later.close();
        assertThat(lastUsed()).isEqualTo(5_000_000L + TokenUses.INTERVAL_MILLIS);
    }
}
