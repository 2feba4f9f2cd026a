-- Search rows customers see carry their conversation's audience keys (conversation/AudienceKeys:
-- 'u:' creator and main user, and 'u:', 'c:', 'p:' or 'g:' whom it is shared with), indexed in
-- the same GIN index as the words. A customer's search term is then "the word AND one of my
-- keys" inside the index: GIN walks the rarer posting list and skips through the other, so a
-- word a million rows hold costs what its rows among the customer's conversations cost, not what
-- all of them do. Staff notes (internal = 1) have no keys: customers never see them.
-- A conversation's keys never change once it is created (no operation changes its creator,
-- main user or sharing), so a row's keys are set once, when it is inserted.

CREATE FUNCTION conversation_audience_keys(created_by TEXT, main_user_id TEXT, shared_aggregate TEXT, shared_id TEXT)
    RETURNS TEXT[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY(SELECT DISTINCT k FROM unnest(ARRAY[
        'u:' || created_by,
        'u:' || main_user_id,
        CASE shared_aggregate WHEN 'user' THEN 'u:' WHEN 'customer' THEN 'c:' WHEN 'project' THEN 'p:'
            WHEN 'placementgroup' THEN 'g:' END || shared_id]) k WHERE k IS NOT NULL)
$$;

ALTER TABLE search_index ADD COLUMN audience TEXT[];

-- whoever inserts a row (the server, a rebuild, SQL by hand) need not know the keys; a bulk
-- writer that does passes them and the trigger stays out of its way
CREATE FUNCTION search_index_audience() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT conversation_audience_keys(c.created_by, c.main_user_id, c.shared_aggregate, c.shared_id)
        INTO NEW.audience FROM conversations c WHERE c.conversation_id = NEW.conversation_id;
    RETURN NEW;
END $$;
CREATE TRIGGER search_index_audience BEFORE INSERT ON search_index
    FOR EACH ROW WHEN (NEW.internal = 0 AND NEW.audience IS NULL) EXECUTE FUNCTION search_index_audience();

DROP INDEX search_index_document;
UPDATE search_index s SET audience = conversation_audience_keys(c.created_by, c.main_user_id, c.shared_aggregate, c.shared_id)
    FROM conversations c WHERE c.conversation_id = s.conversation_id AND s.internal = 0;
-- one index for both: a search without keys (staff) reads only the words' entries
CREATE INDEX search_index_document ON search_index USING GIN (document, audience);
