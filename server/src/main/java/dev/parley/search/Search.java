package dev.parley.search;

import dev.parley.Platform;
import dev.parley.conversation.ConversationSearch;
import dev.parley.storage.StoreLock;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The search feature: on a SQLite store, a Lucene index beside the database file that follows
 * the event log ({@link LuceneSearch}); on PostgreSQL, whose nodes share one database, the
 * database's own full-text index answers (no per-node index), as it does on SQLite with
 * {@code --search-index database}.
 */
public final class Search {
    private Search() {
    }

    public static ConversationSearch install(Platform platform) {
        Optional<Path> file = StoreLock.sqliteFile(platform.config().effectiveDatabaseUrl());
        if (file.isEmpty() || !platform.config().luceneSearch()) {
            return ConversationSearch.NONE;
        }
        LuceneSearch search = LuceneSearch.start(platform.database(), platform.events(), LuceneSearch.directoryOf(file.get()));
        platform.onClose(search);
        io.micrometer.core.instrument.FunctionCounter.builder("parley.search.refreshes", search, LuceneSearch::refreshes)
                .description("Times the search index made indexed changes searchable (a search waited, or a second passed)")
                .register(platform.metrics());
        return search;
    }
}
