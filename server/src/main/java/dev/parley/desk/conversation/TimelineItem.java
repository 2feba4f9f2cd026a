package dev.parley.desk.conversation;

import java.util.List;

/**
 * One line of a conversation's timeline as the page shows it: a message (Markdown already
 * rendered and sanitised in {@code html}) or a status change ({@code statusCode} such as
 * STATUS_CLOSED, shown as "X closed this").
 */
public record TimelineItem(String id, boolean message, boolean internal, String author, boolean authorStaff,
                           boolean own, String at, String html, String statusCode, List<Attachment> files,
                           boolean editable, String rawContent, boolean firstNew, boolean edited) {

    /** An attachment: its name, its download URL (with an access token) and whether to preview it. */
    public record Attachment(String name, String url, boolean image, boolean deleted) {
    }
}
