-- Webhooks (webhook/): endpoints that receive signed events, and the outbox of their deliveries.

-- An endpoint: events go to url, signed with secret (Standard Webhooks: whsec_<base64>).
--   customer_id: NULL = a global hook (every event); else only events of conversations that
--                customer's side sees, never internal notes or assignments
--   events:      NULL = every event name; else ',name,name,' (matched with LIKE '%,name,%')
CREATE TABLE webhooks (
    hook_id     TEXT PRIMARY KEY,
    url         TEXT NOT NULL,
    customer_id TEXT REFERENCES customers (customer_id),
    events      TEXT,
    secret      TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

-- One event for one hook, written in the event's own transaction (EventLog.onAppend).
--   status:          pending | delivered | failed (gave up after the retry period)
--   queued_at:       when it was queued (or queued again by redeliver); retried for a period from then
--   next_attempt_at: when a sender may take it; while one sends, a lease in the future
--   body:            the payload, rendered at the first attempt and sent unchanged ever after
--   last_status / last_error: the receiver's HTTP status, at most 1 KiB of its answer or of the error
-- A later delivery of the same hook and conversation waits while an earlier one is pending.
CREATE TABLE webhook_deliveries (
    delivery_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    hook_id         TEXT NOT NULL REFERENCES webhooks (hook_id),
    event_position  INTEGER NOT NULL,
    event_type      TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    message_id      TEXT,
    file_id         TEXT,
    event_at        INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    queued_at       INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_status     INTEGER,
    last_error      TEXT,
    body            TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_conversation ON webhook_deliveries (hook_id, conversation_id, delivery_id)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries (hook_id, delivery_id);
