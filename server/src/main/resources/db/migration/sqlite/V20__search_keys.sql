-- Every full-text row gets a key in a second FTS5 table under the same rowid, so that a rename
-- (the conversation's title row) and an edit (the message's row) find their row through FTS5's
-- index instead of scanning the UNINDEXED columns of every row: 2.3 s at a million
-- conversations, holding the store's single writer meanwhile (conversation/SqliteSearchKeys).
-- Contentless and without positions: it holds one token per row and is never read back. The
-- key is 't' (a title row) or 'e' (a message) and the id: a UUID without its dashes, any other
-- id in hex, so that it is one token.
CREATE VIRTUAL TABLE search_keys USING fts5 (
    key,
    content = '',
    contentless_delete = 1,
    detail = none,
    tokenize = 'unicode61'
);

INSERT INTO search_keys (rowid, key)
SELECT rowid, CASE WHEN entry_id IS NULL
                   THEN 't' || CASE WHEN conversation_id GLOB '*[^0-9A-Za-z-]*' THEN hex(conversation_id)
                                    ELSE replace(conversation_id, '-', '') END
                   ELSE 'e' || CASE WHEN entry_id GLOB '*[^0-9A-Za-z-]*' THEN hex(entry_id)
                                    ELSE replace(entry_id, '-', '') END END
FROM search_index;
