package dev.parley.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.storage.Database;
import dev.parley.storage.PrivateFiles;
import dev.parley.storage.TransactionLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code --demo}: the demo directory in an empty store, and its credentials in {@value #FILE}. */
public final class DemoCredentials {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCredentials.class);
    public static final String FILE = "demo-credentials.json";

    private DemoCredentials() {
    }

    /** Creates the demo directory in an empty store, or reads the credentials of an earlier one (null when lost). */
    public static JsonNode prepare(Database database, Path dataDir) {
        Path file = dataDir.resolve(FILE);
        // nodes started together with --demo on an empty database: only the first creates it
        // the passwords are hashed before the transaction, and only when it is likely to need them
        var passwords = database.read(IdentityRepository::isEmpty) ? DemoDirectory.passwords() : null;
        Optional<ObjectNode> created = database.write(h -> {
            TransactionLocks.exclusive(h, "demo-directory");
            return IdentityRepository.isEmpty(h)
                    ? Optional.of(passwords == null ? DemoDirectory.create(h) : DemoDirectory.create(h, passwords))
                    : Optional.<ObjectNode>empty();
        });
        try {
            if (created.isPresent()) {
                PrivateFiles.createDirectories(dataDir);
                PrivateFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(created.get()));
                return created.get();
            }
            if (Files.exists(file)) {
                return Json.MAPPER.readTree(file.toFile());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        LOG.warn("--demo: the store already holds users but {} is missing; no demo tokens to show", file);
        return null;
    }
}
