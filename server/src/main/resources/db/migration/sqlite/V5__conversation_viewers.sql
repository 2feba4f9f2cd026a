-- Precomputed visibility, so that a list is an index range and its total a lookup:
-- conversation_viewers holds one row per (user, conversation) the user may see as a non-employee
-- (the rule of identity/AccessPolicy: creator, main user, and whoever the conversation is shared
-- with: a user, the members of a customer or project, the members of the customer owning a
-- placement group), with the conversation's sort key and status copied beside it;
-- viewer_counts counts those rows per user and status, conversation_counts all conversations
-- per status (employees see everything). Triggers keep all three exact whoever writes (the
-- server, parley admin, an import, SQL by hand); SQLite's single writer rules out races.

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
    sort_at         INTEGER NOT NULL,
    status          TEXT NOT NULL,
    PRIMARY KEY (user_id, conversation_id)
) WITHOUT ROWID;
-- the default list order (last activity) of one user's conversations is a range of this index
CREATE INDEX conversation_viewers_by_sort_at ON conversation_viewers (user_id, sort_at, conversation_id);
CREATE INDEX conversation_viewers_by_conversation ON conversation_viewers (conversation_id);

CREATE TABLE viewer_counts (
    user_id TEXT NOT NULL,
    status  TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (user_id, status)
) WITHOUT ROWID;

CREATE TABLE conversation_counts (
    status TEXT PRIMARY KEY,
    n      INTEGER NOT NULL
);

-- the counts follow the viewer rows

CREATE TRIGGER conversation_viewers_count_insert AFTER INSERT ON conversation_viewers
BEGIN
    INSERT INTO viewer_counts (user_id, status, n) VALUES (NEW.user_id, NEW.status, 1)
        ON CONFLICT (user_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER conversation_viewers_count_delete AFTER DELETE ON conversation_viewers
BEGIN
    UPDATE viewer_counts SET n = n - 1 WHERE user_id = OLD.user_id AND status = OLD.status;
END;

CREATE TRIGGER conversation_viewers_count_status AFTER UPDATE OF status ON conversation_viewers
    WHEN OLD.status <> NEW.status
BEGIN
    UPDATE viewer_counts SET n = n - 1 WHERE user_id = OLD.user_id AND status = OLD.status;
    INSERT INTO viewer_counts (user_id, status, n) VALUES (NEW.user_id, NEW.status, 1)
        ON CONFLICT (user_id, status) DO UPDATE SET n = n + 1;
END;

-- conversations: new, audience changed, sort key or status changed, removed

CREATE TRIGGER conversations_viewers_insert AFTER INSERT ON conversations
BEGIN
    INSERT OR IGNORE INTO conversation_viewers (user_id, conversation_id, sort_at, status)
        SELECT user_id, NEW.conversation_id, NEW.sort_at, NEW.status FROM conversation_audience
        WHERE conversation_id = NEW.conversation_id;
    INSERT INTO conversation_counts (status, n) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER conversations_viewers_audience
    AFTER UPDATE OF created_by, main_user_id, shared_aggregate, shared_id ON conversations
BEGIN
    DELETE FROM conversation_viewers WHERE conversation_id = NEW.conversation_id
        AND user_id NOT IN (SELECT user_id FROM conversation_audience WHERE conversation_id = NEW.conversation_id);
    INSERT OR IGNORE INTO conversation_viewers (user_id, conversation_id, sort_at, status)
        SELECT user_id, NEW.conversation_id, NEW.sort_at, NEW.status FROM conversation_audience
        WHERE conversation_id = NEW.conversation_id;
END;

CREATE TRIGGER conversations_viewers_sort AFTER UPDATE OF sort_at, status ON conversations
    WHEN OLD.sort_at <> NEW.sort_at OR OLD.status <> NEW.status
BEGIN
    UPDATE conversation_viewers SET sort_at = NEW.sort_at, status = NEW.status
        WHERE conversation_id = NEW.conversation_id;
END;

CREATE TRIGGER conversations_count_status AFTER UPDATE OF status ON conversations
    WHEN OLD.status <> NEW.status
BEGIN
    UPDATE conversation_counts SET n = n - 1 WHERE status = OLD.status;
    INSERT INTO conversation_counts (status, n) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER conversations_viewers_delete AFTER DELETE ON conversations
BEGIN
    DELETE FROM conversation_viewers WHERE conversation_id = OLD.conversation_id;
    UPDATE conversation_counts SET n = n - 1 WHERE status = OLD.status;
END;

-- memberships and placement groups: the rows of the user (or customer) concerned

CREATE TRIGGER customer_members_viewers_insert AFTER INSERT ON customer_members
BEGIN
    INSERT OR IGNORE INTO conversation_viewers (user_id, conversation_id, sort_at, status)
        SELECT NEW.user_id, c.conversation_id, c.sort_at, c.status FROM conversations c
        WHERE c.shared_aggregate = 'customer' AND c.shared_id = NEW.customer_id
        UNION ALL SELECT NEW.user_id, c.conversation_id, c.sort_at, c.status FROM conversations c
        JOIN placement_groups g ON g.placement_group_id = c.shared_id
        WHERE c.shared_aggregate = 'placementgroup' AND g.customer_id = NEW.customer_id;
END;

CREATE TRIGGER customer_members_viewers_delete AFTER DELETE ON customer_members
BEGIN
    DELETE FROM conversation_viewers WHERE user_id = OLD.user_id
        AND conversation_id NOT IN (SELECT conversation_id FROM conversation_audience WHERE user_id = OLD.user_id);
END;

CREATE TRIGGER customer_members_viewers_update AFTER UPDATE OF customer_id, user_id ON customer_members
BEGIN
    DELETE FROM conversation_viewers WHERE user_id = OLD.user_id
        AND conversation_id NOT IN (SELECT conversation_id FROM conversation_audience WHERE user_id = OLD.user_id);
    INSERT OR IGNORE INTO conversation_viewers (user_id, conversation_id, sort_at, status)
        SELECT a.user_id, c.conversation_id, c.sort_at, c.status FROM conversation_audience a
        JOIN conversations c ON c.conversation_id = a.conversation_id WHERE a.user_id = NEW.user_id;
END;

CREATE TRIGGER project_members_viewers_insert AFTER INSERT ON project_members
BEGIN
    INSERT OR IGNORE INTO conversation_viewers (user_id, conversation_id, sort_at, status)
        SELECT NEW.user_id, c.conversation_id, c.sort_at, c.status FROM conversations c
        WHERE c.shared_aggregate = 'project' AND c.shared_id = NEW.project_id;
END;

CREATE TRIGGER project_members_viewers_delete AFTER DELETE ON project_members
BEGIN
    DELETE FROM conversation_viewers WHERE user_id = OLD.user_id
        AND conversation_id NOT IN (SELECT conversation_id FROM conversation_audience WHERE user_id = OLD.user_id);
END;

CREATE TRIGGER project_members_viewers_update AFTER UPDATE OF project_id, user_id ON project_members
BEGIN
    DELETE FROM conversation_viewers WHERE user_id = OLD.user_id
        AND conversation_id NOT IN (SELECT conversation_id FROM conversation_audience WHERE user_id = OLD.user_id);
    INSERT OR IGNORE INTO conversation_viewers (user_id, conversation_id, sort_at, status)
        SELECT a.user_id, c.conversation_id, c.sort_at, c.status FROM conversation_audience a
        JOIN conversations c ON c.conversation_id = a.conversation_id WHERE a.user_id = NEW.user_id;
END;

CREATE TRIGGER placement_groups_viewers_insert AFTER INSERT ON placement_groups
BEGIN
    INSERT OR IGNORE INTO conversation_viewers (user_id, conversation_id, sort_at, status)
        SELECT m.user_id, c.conversation_id, c.sort_at, c.status FROM conversations c
        JOIN customer_members m ON m.customer_id = NEW.customer_id
        WHERE c.shared_aggregate = 'placementgroup' AND c.shared_id = NEW.placement_group_id;
END;

CREATE TRIGGER placement_groups_viewers_change AFTER UPDATE OF placement_group_id, customer_id ON placement_groups
BEGIN
    DELETE FROM conversation_viewers WHERE conversation_id IN
            (SELECT conversation_id FROM conversations
             WHERE shared_aggregate = 'placementgroup' AND shared_id IN (OLD.placement_group_id, NEW.placement_group_id))
        AND user_id NOT IN (SELECT a.user_id FROM conversation_audience a
                            WHERE a.conversation_id = conversation_viewers.conversation_id);
    INSERT OR IGNORE INTO conversation_viewers (user_id, conversation_id, sort_at, status)
        SELECT m.user_id, c.conversation_id, c.sort_at, c.status FROM conversations c
        JOIN customer_members m ON m.customer_id = NEW.customer_id
        WHERE c.shared_aggregate = 'placementgroup' AND c.shared_id = NEW.placement_group_id;
END;

CREATE TRIGGER placement_groups_viewers_delete AFTER DELETE ON placement_groups
BEGIN
    DELETE FROM conversation_viewers WHERE conversation_id IN
            (SELECT conversation_id FROM conversations
             WHERE shared_aggregate = 'placementgroup' AND shared_id = OLD.placement_group_id)
        AND user_id NOT IN (SELECT a.user_id FROM conversation_audience a
                            WHERE a.conversation_id = conversation_viewers.conversation_id);
END;

-- what exists already

INSERT INTO conversation_viewers (user_id, conversation_id, sort_at, status)
    SELECT a.user_id, c.conversation_id, c.sort_at, c.status FROM conversation_audience a
    JOIN conversations c ON c.conversation_id = a.conversation_id;

INSERT INTO conversation_counts (status, n)
    SELECT status, COUNT(*) FROM conversations GROUP BY status;
