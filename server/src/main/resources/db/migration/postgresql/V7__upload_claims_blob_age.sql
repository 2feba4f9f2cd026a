-- An upload claims its token before anything is stored: racing uploads on one token are refused
-- (409) without writing a blob. A claim is released when the content is refused.
ALTER TABLE upload_tokens ADD COLUMN claim_id TEXT;
ALTER TABLE upload_tokens ADD COLUMN claimed_at BIGINT;

-- When a database blob was written last: the sweep removes blobs no file uses only once they are
-- older than the grace period of uploads in flight (rows from before this column count as old).
ALTER TABLE blob_contents ADD COLUMN stored_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX blob_contents_by_age ON blob_contents (stored_at);
