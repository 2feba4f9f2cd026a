-- When each API token was last used (parley admin token list). A table of its own, not a column
-- of api_tokens: every change to api_tokens raises identity_version (V4), which makes every node
-- reload its cached callers and renders, and a token's use is no identity change. Written at most
-- once a minute per token and node (identity/TokenUses), off the request's path.
CREATE TABLE api_token_uses (
    token_id     TEXT PRIMARY KEY REFERENCES api_tokens (token_id),
    last_used_at BIGINT NOT NULL
);

-- Customers can be renamed (parley admin customer rename): like users and projects, a change
-- raises identity_version, so that whatever a node keeps rendered from them is made anew.
CREATE TRIGGER customers_identity_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON customers
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();
