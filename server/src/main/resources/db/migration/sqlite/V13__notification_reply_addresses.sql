-- Notifications (notify/): what mail out and mail in share.

-- Secrets every node of a store needs alike (the reply addresses' signing key), made on first
-- use. Values are base64.
CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Who a notification mail went to, about which conversation: the Reply-To of that mail is
-- <mailbox>+<id>-<signature>@<domain>, the signature an HMAC of id, conversation and user under
-- the server secret 'reply-addresses'. One row per conversation and recipient, reused by every
-- mail to them; a reply is turned into a message only while the user still sees the conversation.
CREATE TABLE reply_addresses (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id),
    user_id         TEXT NOT NULL REFERENCES users (user_id),
    created_at      BIGINT NOT NULL,
    UNIQUE (conversation_id, user_id)
);
