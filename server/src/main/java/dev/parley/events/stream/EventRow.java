package dev.parley.events.stream;

/** One row of the event log as a stream reads it (V11 added subject and audience). */
record EventRow(long position, String type, String conversationId, String actorId, String subjectId, String audience) {
}
