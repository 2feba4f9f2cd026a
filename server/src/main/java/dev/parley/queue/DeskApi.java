package dev.parley.queue;

import dev.parley.Platform;
import dev.parley.conversation.ConversationService;

/**
 * The staff desk's API extensions (documented in {@code /openapi.json}, see
 * {@code contract/parley-desk-extensions.json}): assignment, the staff queue and its counts,
 * per-user read state and a conversation's customer context. Contract operations are unchanged.
 */
public final class DeskApi {
    private DeskApi() {
    }

    /** @return the same services for the web desk's pages */
    public static DeskServices install(Platform platform, ConversationService conversations) {
        Assignments assignments = new Assignments(platform.database(), platform.events());
        LatestEntries latestEntries = new LatestEntries(LatestEntries.MAX_CONVERSATIONS);
        platform.events().onConversationChanges(latestEntries);
        ReadStateCache readCache = new ReadStateCache(platform.identityVersion(), ReadStateCache.MAX_ENTRIES);
        platform.signals().on(ReadStateCache.CHANNEL, readCache);
        ReadStates readStates = new ReadStates(platform.database(), latestEntries, readCache);
        QueuePageCache kept = new QueuePageCache(platform.identityVersion(), QueuePageCache.MAX_BYTES);
        platform.events().onConversationChanges(kept);
        Queue queue = new Queue(platform.database(), kept, readStates);
        CustomerContext context = new CustomerContext(platform.database());
        platform.routes(r -> new DeskHandlers(assignments, readStates, queue, context, conversations).register(r.api()));
        return new DeskServices(assignments, readStates, context, new DeskQueue(platform.database(), queue, readStates));
    }
}
