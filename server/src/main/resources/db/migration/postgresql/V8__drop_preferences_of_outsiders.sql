-- Preferences may name only members of the customer or employees (PreferencesRepository.eligible):
-- stores written before that rule may hold preferences naming anyone. They were already skipped
-- when a conversation was created; here they go, so that no customer's preferences show an
-- outsider's id. (The same statements as PreferencesRepository.dropIneligible over all customers.)
DELETE FROM preferred_users
 WHERE NOT EXISTS (SELECT 1 FROM customer_members m
                    WHERE m.customer_id = preferred_users.customer_id AND m.user_id = preferred_users.user_id)
   AND NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = preferred_users.user_id AND u.is_employee = 1);

UPDATE conversation_preferences SET fallback_user_id = NULL
 WHERE fallback_user_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM customer_members m
                    WHERE m.customer_id = conversation_preferences.customer_id
                      AND m.user_id = conversation_preferences.fallback_user_id)
   AND NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = conversation_preferences.fallback_user_id AND u.is_employee = 1);
