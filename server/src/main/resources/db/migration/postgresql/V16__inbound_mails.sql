-- Answering by e-mail (notify/inbound/): every mail read from the reply mailbox, once.

-- One row per mail, keyed by its Message-ID ('mid:<id>') or, without one, a hash of its raw
-- headers ('hdr:<sha-256>'). An accepted mail's row is inserted in the transaction that creates
-- its message, so that a mail becomes at most one message whichever node reads it and however
-- often; a refused mail's row holds the reason and nothing else is created. Neither the mail's
-- text nor its sender is kept.
CREATE TABLE inbound_mails (
    mail_key        TEXT PRIMARY KEY,
    outcome         TEXT NOT NULL,          -- 'accepted' or 'refused'
    reason          TEXT,                   -- why a mail was refused (a short code)
    conversation_id TEXT,                   -- the conversation the token named, when it was valid
    user_id         TEXT,                   -- the token's user, when it was valid
    message_id      TEXT,                   -- the timeline entry an accepted mail became
    processed_at    BIGINT NOT NULL
);

CREATE INDEX inbound_mails_processed_at ON inbound_mails (processed_at);
