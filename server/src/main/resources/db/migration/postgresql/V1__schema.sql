-- Parley schema, PostgreSQL engine. Timestamps are epoch milliseconds (UTC).

CREATE TABLE users (
    user_id       TEXT PRIMARY KEY,
    clear_name    TEXT NOT NULL,
    email         TEXT,
    avatar_ref_id TEXT,
    active        INTEGER NOT NULL DEFAULT 1,
    is_employee   INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);

CREATE TABLE customers (
    customer_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE customer_members (
    customer_id TEXT NOT NULL REFERENCES customers (customer_id),
    user_id     TEXT NOT NULL REFERENCES users (user_id),
    role        TEXT NOT NULL CHECK (role IN ('owner', 'accountant', 'member')),
    PRIMARY KEY (customer_id, user_id)
);
CREATE INDEX customer_members_by_user ON customer_members (user_id);

CREATE TABLE projects (
    project_id  TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (customer_id),
    name        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE project_members (
    project_id TEXT NOT NULL REFERENCES projects (project_id),
    user_id    TEXT NOT NULL REFERENCES users (user_id),
    role       TEXT NOT NULL CHECK (role IN ('owner', 'emailadmin', 'external')),
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_by_user ON project_members (user_id);

-- Placement groups (servers) belong to a customer; their audience is that customer's members.
CREATE TABLE placement_groups (
    placement_group_id TEXT PRIMARY KEY,
    customer_id        TEXT NOT NULL REFERENCES customers (customer_id),
    name               TEXT NOT NULL,
    created_at         BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    token_hash  TEXT PRIMARY KEY,
    token_id    TEXT NOT NULL UNIQUE,
    user_id     TEXT NOT NULL REFERENCES users (user_id),
    description TEXT,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT,
    revoked_at  BIGINT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

CREATE TABLE categories (
    category_id     TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    reference_types TEXT NOT NULL, -- JSON array of CategoryReferenceType values
    sort_order      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE conversation_preferences (
    customer_id      TEXT PRIMARY KEY REFERENCES customers (customer_id),
    fallback_user_id TEXT REFERENCES users (user_id)
);

CREATE TABLE preferred_users (
    customer_id TEXT NOT NULL REFERENCES customers (customer_id),
    category_id TEXT NOT NULL REFERENCES categories (category_id),
    user_id     TEXT NOT NULL REFERENCES users (user_id),
    PRIMARY KEY (customer_id, category_id)
);

CREATE TABLE conversations (
    conversation_id    TEXT PRIMARY KEY,
    short_id           TEXT NOT NULL UNIQUE,
    title              TEXT NOT NULL,
    category_id        TEXT REFERENCES categories (category_id),
    status             TEXT NOT NULL,
    created_at         BIGINT NOT NULL,
    created_by         TEXT NOT NULL REFERENCES users (user_id),
    main_user_id       TEXT NOT NULL REFERENCES users (user_id),
    shared_aggregate   TEXT,  -- user | customer | project | placementgroup
    shared_id          TEXT,
    related_domain     TEXT,
    related_aggregate  TEXT,
    related_id         TEXT,
    notification_roles TEXT,  -- JSON array or NULL
    last_message_id    TEXT,
    last_message_at    BIGINT,
    last_message_by    TEXT REFERENCES users (user_id),
    -- last activity for the default sort: newest message, else creation
    sort_at            BIGINT NOT NULL
);
CREATE INDEX conversations_by_creator ON conversations (created_by);
CREATE INDEX conversations_by_main_user ON conversations (main_user_id);
CREATE INDEX conversations_by_share ON conversations (shared_aggregate, shared_id);
CREATE INDEX conversations_by_sort_at ON conversations (sort_at, conversation_id);

-- The timeline: messages and status updates in order.
CREATE TABLE timeline_entries (
    entry_id        TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id),
    seq             BIGINT NOT NULL,
    type            TEXT NOT NULL CHECK (type IN ('MESSAGE', 'STATUS_UPDATE')),
    created_at      BIGINT NOT NULL,
    created_by      TEXT REFERENCES users (user_id),
    content         TEXT,
    internal        INTEGER NOT NULL DEFAULT 0,
    edited_at       BIGINT,
    UNIQUE (conversation_id, seq)
);

-- Append-only event log: every mutation adds one row in its own transaction.
CREATE TABLE events (
    position        BIGSERIAL PRIMARY KEY,
    type            TEXT NOT NULL,
    conversation_id TEXT,
    actor_id        TEXT,
    created_at      BIGINT NOT NULL
);

-- Full-text index: one row per conversation for title and shortId (internal = 0),
-- one row per message (internal = 1 for staff notes); tsvector kept by the database.
CREATE TABLE search_index (
    conversation_id TEXT NOT NULL,
    entry_id        TEXT,
    internal        INTEGER NOT NULL,
    body            TEXT NOT NULL,
    document        TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED
);
CREATE INDEX search_index_document ON search_index USING GIN (document);
CREATE INDEX search_index_by_conversation ON search_index (conversation_id);
CREATE INDEX search_index_by_entry ON search_index (entry_id);
