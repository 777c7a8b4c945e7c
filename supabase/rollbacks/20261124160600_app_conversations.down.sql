-- Rollback of 20261124160600_app_conversations. Roll back the later app_* migrations first.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set local statement_timeout = '60s';
drop function if exists public.get_conversation_context(uuid, integer);
drop table if exists public.chat_messages_v2;
drop table if exists public.conversation_sessions;
drop function if exists ops.chat_message_versioning();
