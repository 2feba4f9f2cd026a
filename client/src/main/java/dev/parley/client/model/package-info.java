/**
 * The contract's schemas as immutable records: ids are strings (Parley also accepts a
 * conversation's shortId where a path takes its id), timestamps {@link java.time.Instant}s,
 * absent optional fields {@code null} (lists: empty). Enums read from the server have an
 * {@code UNKNOWN} constant for values a newer server may send.
 */
package dev.parley.client.model;
