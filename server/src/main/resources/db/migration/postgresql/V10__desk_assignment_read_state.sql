-- The staff desk's API extensions: assignment, the queue's last writer, per-user read state.

-- Who on the staff works on a conversation (NULL: unassigned); changed only by PUT …/assignment,
-- which appends a ConversationAssigned event.
ALTER TABLE conversations ADD COLUMN assignee_id TEXT REFERENCES users (user_id);
ALTER TABLE conversations ADD COLUMN assigned_at BIGINT;
ALTER TABLE conversations ADD COLUMN assigned_by TEXT REFERENCES users (user_id);
-- 1 when staff wrote the last visible message, else 0 (a customer did, or nobody yet): the queue's
-- tabs split open conversations by it. Kept by the trigger below from last_message_by.
ALTER TABLE conversations ADD COLUMN last_by_staff INTEGER NOT NULL DEFAULT 0;

UPDATE conversations c SET last_by_staff = 1
FROM users u WHERE u.user_id = c.last_message_by AND u.is_employee = 1;

CREATE FUNCTION conversations_last_by_staff() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.last_by_staff := COALESCE((SELECT u.is_employee
                                   FROM users u WHERE u.user_id = NEW.last_message_by), 0);
    RETURN NEW;
END $$;
CREATE TRIGGER conversations_last_by_staff BEFORE INSERT OR UPDATE OF last_message_by ON conversations
    FOR EACH ROW EXECUTE FUNCTION conversations_last_by_staff();

-- The queue's tabs: a status (and last writer) range ordered by the last activity, keyset-friendly.
CREATE INDEX conversations_queue ON conversations (status, last_by_staff, sort_at, conversation_id COLLATE "C");
CREATE INDEX conversations_queue_by_assignee ON conversations (assignee_id, status, last_by_staff, sort_at);
CREATE INDEX conversations_by_category ON conversations (category_id, status, sort_at);

-- Up to which timeline entry (its seq) a user has read a conversation.
CREATE TABLE read_states (
    user_id         TEXT NOT NULL REFERENCES users (user_id),
    conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id),
    read_seq        BIGINT NOT NULL,
    read_at         BIGINT NOT NULL,
    PRIMARY KEY (user_id, conversation_id)
);
CREATE INDEX read_states_by_conversation ON read_states (conversation_id);
