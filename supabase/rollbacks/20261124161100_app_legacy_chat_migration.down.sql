-- Rollback of 20261124161100_app_legacy_chat_migration. Drops the legacy table too: only run it
-- where the legacy data is also kept elsewhere (migrated rows stay in chat_messages_v2).
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set local statement_timeout = '60s';
drop function if exists ops.check_chat_migration_integrity();
drop function if exists ops.reset_chat_migration();
drop function if exists ops.migrate_with_progress(integer, integer);
drop function if exists ops.migrate_chat_messages(integer);
drop table if exists ops.chat_message_migration;
drop table if exists public.chat_messages;
