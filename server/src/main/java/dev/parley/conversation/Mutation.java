package dev.parley.conversation;

/** The result of a committed mutation and the event-log position it appended. */
public record Mutation<T>(T value, long position) {
}
