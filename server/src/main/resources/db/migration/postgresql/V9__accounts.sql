-- Signing in to the web desk (account/): passwords, sessions, invitations, failed sign-ins.
-- Timestamps are epoch milliseconds (UTC).

-- E-mail is the sign-in name: unique regardless of case among users that have one. The
-- sign-in lookup compares lower(email) = lower(:email), which this index serves.
CREATE UNIQUE INDEX users_email_lower ON users (lower(email)) WHERE email IS NOT NULL;

-- Argon2id hashes in PHC string form; a separate table so that nothing that reads users sees them.
CREATE TABLE user_passwords (
    user_id       TEXT PRIMARY KEY REFERENCES users (user_id),
    password_hash TEXT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- Web desk sessions, in the database so that any node serves them and a sign-out ends the
-- session on all of them. id is the SHA-256 (hex) of the cookie value; the value itself is
-- never stored. A session counts while now < expires_at (absolute) and now - last_seen_at <
-- the idle limit, and only while its user is active.
CREATE TABLE desk_sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (user_id),
    csrf_token   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX desk_sessions_by_user ON desk_sessions (user_id);
CREATE INDEX desk_sessions_by_expiry ON desk_sessions (expires_at);

-- One-time links that let a user choose a password (parley admin user invite); token hashed.
CREATE TABLE user_invitations (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (user_id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX user_invitations_by_user ON user_invitations (user_id);

-- Failed sign-ins, one row per failure and key (the e-mail asked for, the client address):
-- the throttle counts the rows of the last window, whichever node took them.
CREATE TABLE sign_in_failures (
    throttle_key TEXT NOT NULL,
    failed_at    BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (throttle_key, failed_at);

-- Deactivating a user ends its sessions for good, whoever writes (parley admin, SQL by hand):
-- the lookup's join on users.active already refuses them at once, and activating the user
-- again must not bring them back.
CREATE FUNCTION users_deactivate_ends_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM desk_sessions WHERE user_id = NEW.user_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER users_deactivate_ends_sessions AFTER UPDATE OF active ON users
    FOR EACH ROW WHEN (NEW.active = 0) EXECUTE FUNCTION users_deactivate_ends_sessions();
