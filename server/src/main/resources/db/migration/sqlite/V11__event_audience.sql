-- Live events (GET /v2/events): what an event is about and who besides the conversation's
-- audience may receive it, so that a stream decides per event without loading the conversation.
--   subject_id: the message or file the event concerns (NULL: the conversation itself)
--   audience:   NULL = everyone who sees the conversation; 'staff' = employees only (a staff
--               note and what concerns it); 'actor' = the user who acted and employees (an
--               upload not attached yet)
ALTER TABLE events ADD COLUMN subject_id TEXT;
ALTER TABLE events ADD COLUMN audience TEXT;
