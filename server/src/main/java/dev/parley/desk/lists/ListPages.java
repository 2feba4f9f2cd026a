package dev.parley.desk.lists;

import dev.parley.Platform;
import dev.parley.account.DeskSessions;
import dev.parley.conversation.ConversationService;
import dev.parley.desk.Pages;
import dev.parley.queue.DeskQueue;

/**
 * The desk's lists: the customer's conversations ({@code GET /conversations}) and the staff
 * queue ({@code GET /queue}, its live part {@code GET /queue/rows}).
 */
public final class ListPages {
    private ListPages() {
    }

    public static void install(Platform platform, Pages pages, DeskSessions sessions, ConversationService conversations,
                               DeskQueue queue) {
        CustomerList customers = new CustomerList(pages, sessions, conversations, queue);
        StaffQueue staff = new StaffQueue(pages, sessions, queue, platform.database());
        platform.routes(r -> {
            r.http().get("/conversations", customers::page);
            r.http().get("/queue", staff::page);
            r.http().get("/queue/rows", staff::rows);
        });
    }
}
