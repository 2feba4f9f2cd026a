package dev.parley.cli;

import dev.parley.conversation.SearchIndex;
import dev.parley.search.LuceneSearch;
import dev.parley.storage.Database;
import dev.parley.storage.StoreLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code parley admin reindex}: builds the search indexes anew from the conversations and
 * messages: the database's full-text rows, and on a SQLite store the Lucene index beside it.
 * Parley rebuilds or catches up its index by itself at start; this is for an operator who
 * wants it done now (after restoring files by hand, say). Needs the store to itself.
 */
@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = "Build the search indexes anew from the stored conversations (the server must be stopped).")
public final class AdminReindexCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Mixin
    JsonOption out;

    @Override
    public Integer call() {
        var running = RunningServer.of(store);
        if (running.isPresent()) {
            throw new IllegalStateException(running.get() + " is using this store. Stop it before rebuilding its search index.");
        }
        try (StoreLock lock = StoreLock.acquire(store.jdbcUrl(), "parley admin reindex"); Database database = store.open()) {
            long start = System.nanoTime();
            database.write(h -> {
                SearchIndex.rebuild(h);
                return null;
            });
            var json = JsonOption.object().put("databaseMillis", millis(start));
            if (!out.on()) {
                System.out.println("Full-text rows rebuilt in the database (" + json.get("databaseMillis") + " ms)");
            }
            Optional<Path> file = StoreLock.sqliteFile(store.jdbcUrl());
            if (file.isPresent()) {
                start = System.nanoTime();
                int n = LuceneSearch.rebuild(database, LuceneSearch.directoryOf(file.get()));
                json.put("luceneConversations", n).put("luceneMillis", millis(start));
                if (!out.on()) {
                    System.out.println("Lucene index rebuilt: " + n + " conversations (" + json.get("luceneMillis") + " ms)");
                }
            }
            if (out.on()) {
                JsonOption.print(json);
            }
        }
        return 0;
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
