package dev.parley.desk.lists;

/** A tab of a list: its label, address, whether it is the current one, and its count (null: not shown). */
public record Tab(String name, String label, String href, boolean current, Long count) {
}
