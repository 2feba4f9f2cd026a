-- Rate limits shared by all nodes: one token bucket per key (API token or client address),
-- taken from with one atomic upsert per request (api/PostgresRateLimiter).
CREATE TABLE rate_limits (
    bucket_key  TEXT PRIMARY KEY,
    tokens      DOUBLE PRECISION NOT NULL,  -- tokens left after the last request
    refilled_at BIGINT NOT NULL,            -- database clock of that request, epoch microseconds
    consumed    INTEGER NOT NULL            -- 1 if the last request got its token, else 0 (flags are integers, as elsewhere)
);
CREATE INDEX rate_limits_by_refilled_at ON rate_limits (refilled_at);
