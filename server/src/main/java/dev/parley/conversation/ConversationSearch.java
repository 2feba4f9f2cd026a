package dev.parley.conversation;

import dev.parley.identity.Caller;

import java.util.List;
import java.util.Optional;

/**
 * A search engine beside the database's own full-text index, for the searches of the list
 * operation. It answers with the page's conversation ids in list order and the total (capped,
 * {@link SearchCounts}); or with nothing, when it cannot answer this one (still building, a page
 * past the cap), and the SQL index answers instead. The same data and query give the same
 * answer either way.
 */
public interface ConversationSearch {
    Optional<Hits> find(Caller caller, ConversationRepository.ListQuery query);

    /** One page of matches, in list order, and how many match in all (capped). */
    record Hits(List<String> conversationIds, long total) {
    }

    /** No engine: the SQL index answers every search. */
    ConversationSearch NONE = (caller, query) -> Optional.empty();
}
