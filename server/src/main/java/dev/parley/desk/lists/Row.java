package dev.parley.desk.lists;

/**
 * One row of a list as the templates show it (all text; the templates escape it). {@code href}
 * opens the conversation; {@code when} is the ISO instant of {@code age}.
 */
public record Row(String href, String title, String shortId, String status, String statusLabel, String category,
                  String customer, String lastWriter, String age, String when, String date, boolean unread,
                  String assignee) {
}
