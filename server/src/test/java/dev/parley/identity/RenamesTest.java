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
 * Renames of users, customers and projects are identity changes: each raises identity_version
 * (the triggers every node's caches of callers and renders key on), on the run's engine; a
 * rename of nothing changes nothing.
 */
class RenamesTest {
    private TestDatabase store;
    private Path sqlite;
    private Database database;

    @BeforeEach
    void open() throws java.io.IOException {
        store = TestDatabase.create();
        if (store.url() == null) {
            sqlite = Files.createTempDirectory("parley-renames");
        }
        database = Database.open(store.url() != null ? store.url() : "jdbc:sqlite:" + sqlite.resolve("parley.db"));
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

    private long version() {
        return database.read(IdentityVersion::read);
    }

    @Test
    void everyRenameRaisesTheIdentityVersion() {
        String user = database.write(h -> IdentityRepository.createUser(h, "Rita Renamed", null, false));
        String customer = database.write(h -> IdentityRepository.createCustomer(h, "Old GmbH"));
        String project = database.write(h -> IdentityRepository.createProject(h, customer, "Old Shop"));

        long before = version();
        assertThat(database.<Boolean, RuntimeException>write(h -> IdentityRepository.renameUser(h, user, "Rita New"))).isTrue();
        long afterUser = version();
        assertThat(afterUser).isGreaterThan(before);
        assertThat(database.<Boolean, RuntimeException>write(h -> IdentityRepository.renameCustomer(h, customer, "New GmbH"))).isTrue();
        long afterCustomer = version();
        assertThat(afterCustomer).isGreaterThan(afterUser);
        assertThat(database.<Boolean, RuntimeException>write(h -> IdentityRepository.renameProject(h, project, "New Shop"))).isTrue();
        assertThat(version()).isGreaterThan(afterCustomer);

        assertThat(database.read(h -> IdentityListing.user(h, user)).orElseThrow().name()).isEqualTo("Rita New");
        assertThat(database.read(h -> IdentityListing.customer(h, customer)).orElseThrow().name()).isEqualTo("New GmbH");
        assertThat(database.read(h -> IdentityListing.project(h, project)).orElseThrow().name()).isEqualTo("New Shop");

        assertThat(database.<Boolean, RuntimeException>write(h -> IdentityRepository.renameUser(h, "no-such-user", "X"))).isFalse();
        assertThat(database.<Boolean, RuntimeException>write(h -> IdentityRepository.renameCustomer(h, "no-such-customer", "X"))).isFalse();
        assertThat(database.<Boolean, RuntimeException>write(h -> IdentityRepository.renameProject(h, "no-such-project", "X"))).isFalse();
    }
}
