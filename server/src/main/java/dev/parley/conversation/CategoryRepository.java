package dev.parley.conversation;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.api.Json;
import dev.parley.storage.Ids;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/** SQL for categories, and the set every installation starts with. */
public final class CategoryRepository {
    /** Seeded at first start: name and reference types. mittwald's CLI creates in {@code general}. */
    public static final List<Category> DEFAULTS = List.of(
            new Category(null, "general", List.of("unspecified")),
            new Category(null, "project", List.of("project")),
            new Category(null, "server", List.of("server")),
            new Category(null, "organisation", List.of("organisation")),
            new Category(null, "extension", List.of("extensionInstance")),
            new Category(null, "billing", List.of("organisation")));

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private CategoryRepository() {
    }

    public static List<Category> list(Handle h) {
        return h.createQuery("SELECT category_id, name, reference_types FROM categories ORDER BY sort_order, name")
                .map((rs, ctx) -> new Category(rs.getString(1), rs.getString(2), parse(rs.getString(3))))
                .list();
    }

    public static Optional<Category> find(Handle h, String categoryId) {
        return h.createQuery("SELECT category_id, name, reference_types FROM categories WHERE category_id = :id")
                .bind("id", categoryId)
                .map((rs, ctx) -> new Category(rs.getString(1), rs.getString(2), parse(rs.getString(3))))
                .findOne();
    }

    public static Optional<Category> findByName(Handle h, String name) {
        return h.createQuery("SELECT category_id, name, reference_types FROM categories WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> new Category(rs.getString(1), rs.getString(2), parse(rs.getString(3))))
                .findOne();
    }

    public static String create(Handle h, String name, List<String> referenceTypes) {
        String id = Ids.newId();
        int order = h.createQuery("SELECT COALESCE(MAX(sort_order), 0) + 1 FROM categories").mapTo(Integer.class).one();
        h.createUpdate("INSERT INTO categories (category_id, name, reference_types, sort_order) VALUES (:id, :name, :types, :order)")
                .bind("id", id).bind("name", name).bind("types", Json.string(referenceTypes)).bind("order", order)
                .execute();
        return id;
    }

    /** Creates the default categories that are missing; idempotent. */
    public static void seedDefaults(Handle h) {
        for (Category c : DEFAULTS) {
            if (findByName(h, c.name()).isEmpty()) {
                create(h, c.name(), c.referenceTypes());
            }
        }
    }

    private static List<String> parse(String json) {
        try {
            return Json.MAPPER.readValue(json, STRINGS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Corrupt reference_types: " + json, e);
        }
    }
}
