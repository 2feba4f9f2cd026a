package dev.parley.bench.seed;

import java.util.ArrayList;
import java.util.List;

/**
 * One generated conversation with its timeline, in the shape the server stores it. Users are
 * indexes into {@link Directory#users()}; -1 means none.
 */
public final class SyntheticConversation {
    /** A timeline entry; {@code editedAt} is -1 when never edited. */
    public record Entry(String id, int seq, String type, long createdAt, int createdBy, String content,
                        boolean internal, long editedAt) {
        public boolean indexed() {
            return "MESSAGE".equals(type) && content != null;
        }
    }

    int index;
    String id;
    String shortId;
    String title;
    String categoryId;
    String status;
    long createdAt;
    int createdBy;
    int mainUser;
    String sharedAggregate;
    String sharedId;
    String relatedDomain;
    String relatedAggregate;
    String relatedId;
    String lastMessageId;
    long lastMessageAt;
    int lastMessageBy = -1;
    final List<Entry> entries = new ArrayList<>();

    public String id() {
        return id;
    }

    public String shortId() {
        return shortId;
    }

    public String title() {
        return title;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The default sort key: newest message, else creation. */
    public long sortAt() {
        return lastMessageId == null ? createdAt : lastMessageAt;
    }

    public int messageCount() {
        int n = 0;
        for (Entry e : entries) {
            if ("MESSAGE".equals(e.type())) {
                n++;
            }
        }
        return n;
    }

    /** The body of the conversation's own search row, as SearchIndex.indexConversation writes it. */
    public String searchText() {
        return title + " " + shortId;
    }
}
