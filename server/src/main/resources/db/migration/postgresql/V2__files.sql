-- Attachments: upload tokens, files, and the database-backed blob store.

-- An upload token issued by POST /v2/conversations/{id}/files; single use, expiring.
CREATE TABLE upload_tokens (
    token_hash      TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id),
    user_id         TEXT NOT NULL REFERENCES users (user_id),
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    used_at         BIGINT,
    file_id         TEXT
);
CREATE INDEX upload_tokens_by_expiry ON upload_tokens (expires_at);

-- An uploaded file: content-addressed by sha256, attached to at most one message.
CREATE TABLE files (
    file_id         TEXT PRIMARY KEY,
    short_id        TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id),
    uploaded_by     TEXT NOT NULL REFERENCES users (user_id),
    name            TEXT NOT NULL,
    mime_type       TEXT NOT NULL,
    size_bytes      BIGINT NOT NULL,
    sha256          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    message_id      TEXT REFERENCES timeline_entries (entry_id),
    deleted_at      BIGINT,
    deleted_by      TEXT REFERENCES users (user_id)
);
CREATE INDEX files_by_message ON files (message_id);
CREATE INDEX files_by_sha256 ON files (sha256);
CREATE INDEX files_unattached ON files (created_at) WHERE message_id IS NULL AND deleted_at IS NULL;

-- Blob contents when the database-backed store is configured (many nodes, one database).
CREATE TABLE blob_contents (
    sha256     TEXT PRIMARY KEY,
    size_bytes BIGINT NOT NULL,
    content    BYTEA NOT NULL
);
