package dev.parley.conversation;

import dev.parley.storage.Engine;

/**
 * The engine-specific SQL of sorting conversation lists, in one place. A list sorts the same on
 * every engine, whatever the database's collation: text by code point (SQLite's BINARY
 * collation, PostgreSQL's {@code "C"}), and titles without regard to the case of ASCII letters
 * (SQLite's {@code lower()} folds ASCII only, so PostgreSQL folds exactly those too).
 */
final class SortSql {
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";

    private SortSql() {
    }

    /**
     * The ORDER BY expression for a sort field of the list operation, on {@code conversations c};
     * the last activity and the id are taken from {@code rows} ({@code c}, or {@code v} for the
     * rows of {@code conversation_viewers}, whose index holds them in that order).
     */
    static String key(Engine engine, String field, String rows) {
        return switch (field) {
            case "createdAt" -> "c.created_at";
            case "lastMessage.createdAt" -> rows + ".sort_at";
            case "title" -> switch (engine) {
                case SQLITE -> "lower(c.title)";
                case POSTGRESQL -> "translate(c.title, '" + UPPER + "', '" + LOWER + "') COLLATE \"C\"";
            };
            case "shortId" -> text(engine, "c.short_id");
            case "conversationId" -> text(engine, rows + ".conversation_id");
            default -> throw new IllegalArgumentException("Unknown sort field " + field);
        };
    }

    private static String text(Engine engine, String column) {
        return switch (engine) {
            case SQLITE -> column;
            case POSTGRESQL -> column + " COLLATE \"C\"";
        };
    }
}
