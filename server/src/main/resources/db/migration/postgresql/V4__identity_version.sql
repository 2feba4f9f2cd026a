-- A counter that every change to who may do what (users, tokens, memberships, placement groups)
-- increases, by trigger, whoever writes (the server, parley admin, an import, SQL by hand).
-- Nodes cache callers by token and trust the cache only while the counter is unchanged, so a
-- revocation or deactivation counts at the next request on every node.
CREATE TABLE identity_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO identity_version (id, version) VALUES (1, 1);

CREATE FUNCTION bump_identity_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER users_identity_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();

CREATE TRIGGER api_tokens_identity_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();

CREATE TRIGGER customer_members_identity_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON customer_members
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();

CREATE TRIGGER project_members_identity_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_members
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();

CREATE TRIGGER placement_groups_identity_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON placement_groups
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();
