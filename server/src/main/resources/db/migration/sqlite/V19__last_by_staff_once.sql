-- A new message sets last_by_staff in the same UPDATE as last_message_by
-- (ConversationRepository.updateLastMessage). The trigger of V10 then wrote the conversation's row
-- a second time with the value it already had (and its two queue indexes with it); it now only
-- corrects the flag where it does not match the author (admin tools, an import, SQL by hand).
DROP TRIGGER conversations_last_by_staff;
CREATE TRIGGER conversations_last_by_staff AFTER UPDATE OF last_message_by ON conversations
    WHEN NEW.last_by_staff IS NOT COALESCE((SELECT u.is_employee FROM users u WHERE u.user_id = NEW.last_message_by), 0)
BEGIN
    UPDATE conversations SET last_by_staff = COALESCE(
        (SELECT u.is_employee FROM users u WHERE u.user_id = NEW.last_message_by), 0)
    WHERE conversation_id = NEW.conversation_id;
END;
