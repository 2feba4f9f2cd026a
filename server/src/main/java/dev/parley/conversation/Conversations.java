package dev.parley.conversation;

import dev.parley.Platform;

/** The conversations feature: categories, conversations and messages, and the caches that serve their reads. */
public final class Conversations {
    private Conversations() {
    }

    /** Registers the contract's category and conversation operations; returns the service pages and other features share. */
    public static ConversationService install(Platform platform, ConversationSearch search) {
        // relies on authentication reporting identity_version on every request (see ConversationCache)
        ConversationCache cache = new ConversationCache(platform.identityVersion(), ConversationCache.DEFAULT_MAX_BYTES);
        platform.events().onConversationChanges(cache);
        ListPageCache pages = new ListPageCache(platform.database(), platform.identityVersion(), ListPageCache.DEFAULT_MAX_BYTES);
        platform.events().onConversationChanges(pages);
        cache.counts().bind(platform.metrics(), "conversation");
        pages.counts().bind(platform.metrics(), "list-page");
        ConversationService conversations = new ConversationService(platform.database(), platform.events(), cache, pages, search);
        platform.routes(r -> {
            new CategoryHandlers(platform.database()).register(r.api());
            new ConversationHandlers(conversations).register(r.api());
        });
        return conversations;
    }
}
