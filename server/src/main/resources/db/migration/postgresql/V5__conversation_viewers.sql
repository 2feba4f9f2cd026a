-- Precomputed visibility, so that a list is an index range and its total a lookup:
-- conversation_viewers holds one row per (user, conversation) the user may see as a non-employee
-- (the rule of identity/AccessPolicy: creator, main user, and whoever the conversation is shared
-- with: a user, the members of a customer or project, the members of the customer owning a
-- placement group), with the conversation's sort key and status copied beside it;
-- viewer_counts counts those rows per user and status, conversation_counts all conversations
-- per status (employees see everything). Triggers keep all three exact whoever writes (the
-- server, parley admin, an import, SQL by hand).
--
-- Races (READ COMMITTED): a conversation shared with a customer being created while a member
-- joins that customer would each miss the other's uncommitted row. So both sides lock the row
-- the audience hangs on (the customer, or the project) before they read: conversations FOR
-- SHARE, membership changes FOR NO KEY UPDATE, which conflict; the statement after the lock
-- sees what the other transaction committed.

-- Who may see a conversation, from the source tables (the same rule as identity/AccessPolicy).
CREATE VIEW conversation_audience AS
    SELECT conversation_id, created_by AS user_id FROM conversations
    UNION SELECT conversation_id, main_user_id FROM conversations
    UNION SELECT conversation_id, shared_id FROM conversations
        WHERE shared_aggregate = 'user' AND shared_id IS NOT NULL
    UNION SELECT c.conversation_id, m.user_id FROM conversations c
        JOIN customer_members m ON m.customer_id = c.shared_id WHERE c.shared_aggregate = 'customer'
    UNION SELECT c.conversation_id, m.user_id FROM conversations c
        JOIN project_members m ON m.project_id = c.shared_id WHERE c.shared_aggregate = 'project'
    UNION SELECT c.conversation_id, m.user_id FROM conversations c
        JOIN placement_groups g ON g.placement_group_id = c.shared_id
        JOIN customer_members m ON m.customer_id = g.customer_id
        WHERE c.shared_aggregate = 'placementgroup';

CREATE TABLE conversation_viewers (
    user_id         TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    sort_at         BIGINT NOT NULL,
    status          TEXT NOT NULL,
    PRIMARY KEY (user_id, conversation_id)
);
-- the default list order (last activity) of one user's conversations is a range of this index;
-- lists order ids by code point (conversation/SortSql), hence "C"
CREATE INDEX conversation_viewers_by_sort_at ON conversation_viewers (user_id, sort_at, conversation_id COLLATE "C");
CREATE INDEX conversation_viewers_by_conversation ON conversation_viewers (conversation_id);

CREATE TABLE viewer_counts (
    user_id TEXT NOT NULL,
    status  TEXT NOT NULL,
    n       BIGINT NOT NULL,
    PRIMARY KEY (user_id, status)
);

-- Every new conversation changes a count here, so each status is split over 16 rows (by a hash
-- of the conversation id): concurrent writers rarely wait for the same row. Readers add them up.
CREATE TABLE conversation_counts (
    status TEXT NOT NULL,
    shard  INTEGER NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (status, shard)
);

-- Adds delta to a count. Callers that change two counts change them in the order of the
-- statuses, so that two transactions moving conversations in opposite directions do not
-- deadlock on each other's rows.
CREATE FUNCTION add_viewer_count(viewer TEXT, state TEXT, delta INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO viewer_counts (user_id, status, n) VALUES (viewer, state, delta)
        ON CONFLICT (user_id, status) DO UPDATE SET n = viewer_counts.n + delta;
END;
$$;

CREATE FUNCTION add_conversation_count(conversation TEXT, state TEXT, delta INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO conversation_counts (status, shard, n) VALUES (state, abs(hashtext(conversation)) % 16, delta)
        ON CONFLICT (status, shard) DO UPDATE SET n = conversation_counts.n + delta;
END;
$$;

-- the counts follow the viewer rows
CREATE FUNCTION conversation_viewers_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM add_viewer_count(NEW.user_id, NEW.status, 1);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM add_viewer_count(OLD.user_id, OLD.status, -1);
    ELSIF OLD.status < NEW.status THEN
        PERFORM add_viewer_count(OLD.user_id, OLD.status, -1);
        PERFORM add_viewer_count(NEW.user_id, NEW.status, 1);
    ELSE
        PERFORM add_viewer_count(NEW.user_id, NEW.status, 1);
        PERFORM add_viewer_count(OLD.user_id, OLD.status, -1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER conversation_viewers_count_change AFTER INSERT OR DELETE ON conversation_viewers
    FOR EACH ROW EXECUTE FUNCTION conversation_viewers_count();
CREATE TRIGGER conversation_viewers_count_status AFTER UPDATE OF status ON conversation_viewers
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.user_id IS DISTINCT FROM NEW.user_id)
    EXECUTE FUNCTION conversation_viewers_count();

-- Locks the row a conversation's audience hangs on (see the top of this file).
CREATE FUNCTION lock_audience_of(aggregate TEXT, id TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF aggregate = 'customer' THEN
        PERFORM 1 FROM customers WHERE customer_id = id FOR SHARE;
    ELSIF aggregate = 'project' THEN
        PERFORM 1 FROM projects WHERE project_id = id FOR SHARE;
    ELSIF aggregate = 'placementgroup' THEN
        PERFORM 1 FROM customers WHERE customer_id =
            (SELECT customer_id FROM placement_groups WHERE placement_group_id = id) FOR SHARE;
    END IF;
END;
$$;

-- Makes a conversation's viewer rows those of conversation_audience.
CREATE FUNCTION refresh_viewers_of(conversation TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM conversation_viewers v WHERE v.conversation_id = conversation
        AND NOT EXISTS (SELECT 1 FROM conversation_audience a
                        WHERE a.conversation_id = conversation AND a.user_id = v.user_id);
    INSERT INTO conversation_viewers (user_id, conversation_id, sort_at, status)
        SELECT a.user_id, c.conversation_id, c.sort_at, c.status FROM conversation_audience a
        JOIN conversations c ON c.conversation_id = a.conversation_id
        WHERE a.conversation_id = conversation
        ORDER BY a.user_id
        ON CONFLICT DO NOTHING;
END;
$$;

-- Makes a user's viewer rows those of conversation_audience.
CREATE FUNCTION refresh_viewers_for(viewer TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM conversation_viewers v WHERE v.user_id = viewer
        AND NOT EXISTS (SELECT 1 FROM conversation_audience a
                        WHERE a.user_id = viewer AND a.conversation_id = v.conversation_id);
    INSERT INTO conversation_viewers (user_id, conversation_id, sort_at, status)
        SELECT a.user_id, c.conversation_id, c.sort_at, c.status FROM conversation_audience a
        JOIN conversations c ON c.conversation_id = a.conversation_id
        WHERE a.user_id = viewer
        ORDER BY c.conversation_id
        ON CONFLICT DO NOTHING;
END;
$$;

CREATE FUNCTION conversations_viewers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    viewer TEXT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM conversation_viewers WHERE conversation_id = OLD.conversation_id;
        PERFORM add_conversation_count(OLD.conversation_id, OLD.status, -1);
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT'
            OR OLD.created_by IS DISTINCT FROM NEW.created_by OR OLD.main_user_id IS DISTINCT FROM NEW.main_user_id
            OR OLD.shared_aggregate IS DISTINCT FROM NEW.shared_aggregate OR OLD.shared_id IS DISTINCT FROM NEW.shared_id THEN
        PERFORM lock_audience_of(NEW.shared_aggregate, NEW.shared_id);
        PERFORM refresh_viewers_of(NEW.conversation_id);
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status IS DISTINCT FROM NEW.status THEN
        -- one viewer at a time in the order of their ids: their counts change, and writers of
        -- other conversations of the same audience take those count rows in the same order
        FOR viewer IN SELECT user_id FROM conversation_viewers
                WHERE conversation_id = NEW.conversation_id ORDER BY user_id LOOP
            UPDATE conversation_viewers SET sort_at = NEW.sort_at, status = NEW.status
                WHERE user_id = viewer AND conversation_id = NEW.conversation_id;
        END LOOP;
    ELSIF TG_OP = 'UPDATE' AND OLD.sort_at IS DISTINCT FROM NEW.sort_at THEN
        UPDATE conversation_viewers SET sort_at = NEW.sort_at WHERE conversation_id = NEW.conversation_id;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM add_conversation_count(NEW.conversation_id, NEW.status, 1);
    ELSIF OLD.status < NEW.status THEN
        PERFORM add_conversation_count(OLD.conversation_id, OLD.status, -1);
        PERFORM add_conversation_count(NEW.conversation_id, NEW.status, 1);
    ELSIF OLD.status > NEW.status THEN
        PERFORM add_conversation_count(NEW.conversation_id, NEW.status, 1);
        PERFORM add_conversation_count(OLD.conversation_id, OLD.status, -1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER conversations_viewers AFTER INSERT OR UPDATE OR DELETE ON conversations
    FOR EACH ROW EXECUTE FUNCTION conversations_viewers();

-- Locks the customer or project that memberships (and placement groups) hang on, against the
-- conversations' FOR SHARE (see the top of this file).
CREATE FUNCTION lock_audience_owner(owner TEXT, id TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF owner = 'customer' THEN
        PERFORM 1 FROM customers WHERE customer_id = id FOR NO KEY UPDATE;
    ELSE
        PERFORM 1 FROM projects WHERE project_id = id FOR NO KEY UPDATE;
    END IF;
END;
$$;

-- customer_members and project_members: the rows of the user who joined or left
CREATE FUNCTION members_viewers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    owner TEXT := CASE TG_TABLE_NAME WHEN 'customer_members' THEN 'customer' ELSE 'project' END;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM lock_audience_owner(owner, to_jsonb(OLD) ->> (owner || '_id'));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM lock_audience_owner(owner, to_jsonb(NEW) ->> (owner || '_id'));
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM refresh_viewers_for(OLD.user_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND OLD.user_id IS DISTINCT FROM NEW.user_id) THEN
        PERFORM refresh_viewers_for(NEW.user_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER customer_members_viewers AFTER INSERT OR DELETE OR UPDATE OF customer_id, user_id ON customer_members
    FOR EACH ROW EXECUTE FUNCTION members_viewers();

CREATE TRIGGER project_members_viewers AFTER INSERT OR DELETE OR UPDATE OF project_id, user_id ON project_members
    FOR EACH ROW EXECUTE FUNCTION members_viewers();

CREATE FUNCTION placement_groups_viewers() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    conversation TEXT;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM lock_audience_owner('customer', OLD.customer_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM lock_audience_owner('customer', NEW.customer_id);
    END IF;
    FOR conversation IN
        SELECT conversation_id FROM conversations WHERE shared_aggregate = 'placementgroup'
            AND shared_id IN (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.placement_group_id END,
                              CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.placement_group_id END)
    LOOP
        PERFORM refresh_viewers_of(conversation);
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE TRIGGER placement_groups_viewers AFTER INSERT OR DELETE OR UPDATE OF placement_group_id, customer_id ON placement_groups
    FOR EACH ROW EXECUTE FUNCTION placement_groups_viewers();

-- Fills all three tables anew from the source tables, in bulk: after this migration, and
-- after a bulk load that ran without triggers (the benchmark's seeder).
CREATE FUNCTION rebuild_conversation_viewers() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    ALTER TABLE conversation_viewers DISABLE TRIGGER conversation_viewers_count_change;
    TRUNCATE conversation_viewers, viewer_counts, conversation_counts;
    INSERT INTO conversation_viewers (user_id, conversation_id, sort_at, status)
        SELECT a.user_id, c.conversation_id, c.sort_at, c.status FROM conversation_audience a
        JOIN conversations c ON c.conversation_id = a.conversation_id;
    INSERT INTO viewer_counts (user_id, status, n)
        SELECT user_id, status, COUNT(*) FROM conversation_viewers GROUP BY user_id, status;
    INSERT INTO conversation_counts (status, shard, n)
        SELECT status, abs(hashtext(conversation_id)) % 16, COUNT(*) FROM conversations GROUP BY 1, 2;
    ALTER TABLE conversation_viewers ENABLE TRIGGER conversation_viewers_count_change;
END;
$$;

SELECT rebuild_conversation_viewers();
