package dev.parley.desk.conversation;

/** Something a form offers to pick: an id and the name shown for it. */
public record Choice(String id, String name) {
}
