-- identity_version also rises when categories or projects change: a node keeps rendered
-- conversations in memory (their users, category and the customer owning their project) and
-- trusts them only while this counter is unchanged, so a change made anywhere (the server,
-- parley admin in another process, an import, SQL by hand) shows at the next request.
-- (users and placement groups raise it since V4.)
CREATE TRIGGER categories_insert_identity_version AFTER INSERT ON categories
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER categories_update_identity_version AFTER UPDATE ON categories
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER categories_delete_identity_version AFTER DELETE ON categories
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER projects_insert_identity_version AFTER INSERT ON projects
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER projects_update_identity_version AFTER UPDATE ON projects
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER projects_delete_identity_version AFTER DELETE ON projects
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;

-- conversations are changed through the service, which appends an event each time; only
-- deleting them (an import replacing a store) bypasses it
CREATE TRIGGER conversations_delete_identity_version AFTER DELETE ON conversations
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1;
END;
