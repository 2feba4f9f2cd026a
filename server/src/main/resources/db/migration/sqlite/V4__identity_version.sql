-- A counter that every change to who may do what (users, tokens, memberships, placement groups)
-- increases, by trigger, whoever writes (the server, parley admin, an import, SQL by hand).
-- Nodes cache callers by token and trust the cache only while the counter is unchanged, so a
-- revocation or deactivation counts at the next request on every node.
CREATE TABLE identity_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO identity_version (id, version) VALUES (1, 1);

CREATE TRIGGER users_insert_identity_version AFTER INSERT ON users
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER users_update_identity_version AFTER UPDATE ON users
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER users_delete_identity_version AFTER DELETE ON users
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER api_tokens_insert_identity_version AFTER INSERT ON api_tokens
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER api_tokens_update_identity_version AFTER UPDATE ON api_tokens
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER api_tokens_delete_identity_version AFTER DELETE ON api_tokens
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER customer_members_insert_identity_version AFTER INSERT ON customer_members
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER customer_members_update_identity_version AFTER UPDATE ON customer_members
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER customer_members_delete_identity_version AFTER DELETE ON customer_members
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER project_members_insert_identity_version AFTER INSERT ON project_members
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER project_members_update_identity_version AFTER UPDATE ON project_members
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER project_members_delete_identity_version AFTER DELETE ON project_members
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER placement_groups_insert_identity_version AFTER INSERT ON placement_groups
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER placement_groups_update_identity_version AFTER UPDATE ON placement_groups
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER placement_groups_delete_identity_version AFTER DELETE ON placement_groups
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;
