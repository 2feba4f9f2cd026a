-- Notification mails (notify/mail): the users' language and opt-outs, category followers, and
-- the durable outbox. Timestamps are epoch milliseconds (UTC).

-- The language of a user's mails (en or de); set by parley admin user set-language.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'de'));

-- Staff who hear of new conversations and customer messages in a category while nobody is assigned.
CREATE TABLE category_followers (
    category_id TEXT NOT NULL REFERENCES categories (category_id),
    user_id     TEXT NOT NULL REFERENCES users (user_id),
    PRIMARY KEY (category_id, user_id)
);
CREATE INDEX category_followers_by_user ON category_followers (user_id);

-- The kinds of notification mail a user does not want (new-conversation, customer-message,
-- staff-reply, status-change); no row: the user gets that kind.
CREATE TABLE notification_opt_outs (
    user_id TEXT NOT NULL REFERENCES users (user_id),
    kind    TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- One row per event that may cause mails, written in the event's own transaction (the event
-- log's append hook); the dispatcher turns it into one mail_outbox row per recipient and marks
-- it dispatched in one transaction. subject_id: the message or status entry the mail is about
-- (unique, so that an event is never turned into mails twice).
CREATE TABLE mail_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    position        BIGINT NOT NULL,
    type            TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    actor_id        TEXT,
    subject_id      TEXT NOT NULL UNIQUE,
    created_at      BIGINT NOT NULL,
    dispatched_at   BIGINT
);
CREATE INDEX mail_events_pending ON mail_events (dispatched_at, id);

-- One row per mail to one recipient. status: pending (due at next_attempt_at, claimed by a node
-- until lease_until), sent, failed (gave up), dropped (the recipient no longer gets it).
-- Message-ID is <mail-<id>@domain>, so a resend after a crash has the same one.
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    mail_event_id   BIGINT NOT NULL,
    conversation_id TEXT NOT NULL,
    recipient_id    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    subject_id      TEXT NOT NULL,
    actor_id        TEXT,
    reply_to        TEXT,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until     BIGINT,
    lease_owner     TEXT,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT,
    last_error      TEXT,
    UNIQUE (mail_event_id, recipient_id)
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
