-- Same version as the PostgreSQL schema (shared rate limits). A SQLite store has one node, which
-- keeps its buckets in memory, so this table stays empty; it keeps the versions aligned.
CREATE TABLE rate_limits (
    bucket_key  TEXT PRIMARY KEY,
    tokens      REAL NOT NULL,
    refilled_at INTEGER NOT NULL,
    consumed    INTEGER NOT NULL
);
CREATE INDEX rate_limits_by_refilled_at ON rate_limits (refilled_at);
