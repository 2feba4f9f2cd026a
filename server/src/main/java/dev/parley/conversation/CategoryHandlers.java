package dev.parley.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Api;
import dev.parley.api.ApiError;
import dev.parley.api.Responses;
import dev.parley.storage.Database;

import java.util.List;

/** The public category operations. */
public final class CategoryHandlers {
    private final Database database;

    public CategoryHandlers(Database database) {
        this.database = database;
    }

    public void register(Api api) {
        api.operation("conversation-list-categories", r -> {
            List<ObjectNode> categories = database.read(h ->
                    CategoryRepository.list(h).stream().map(ConversationView::category).toList());
            Responses.json(r.ctx(), 200, categories);
        });
        api.operation("conversation-get-category", r -> {
            ObjectNode category = database.read(h -> CategoryRepository.find(h, r.path("categoryId")))
                    .map(ConversationView::category)
                    .orElseThrow(() -> ApiError.notFound("Category not found"));
            Responses.json(r.ctx(), 200, category);
        });
    }
}
