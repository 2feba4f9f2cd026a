-- identity_version also rises when categories or projects change: a node keeps rendered
-- conversations in memory (their users, category and the customer owning their project) and
-- trusts them only while this counter is unchanged, so a change made anywhere (any node,
-- parley admin, an import, SQL by hand) shows at the next request.
-- (users and placement groups raise it since V4.)
CREATE TRIGGER categories_identity_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();

CREATE TRIGGER projects_identity_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();

-- conversations are changed through the service, which appends an event each time; only
-- deleting them (an import replacing a store) bypasses it
CREATE TRIGGER conversations_identity_version AFTER DELETE OR TRUNCATE ON conversations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_identity_version();
