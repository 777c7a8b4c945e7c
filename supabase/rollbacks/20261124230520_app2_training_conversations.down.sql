-- Rollback of 20261124230520_app2_training_conversations. Drops conversations and their turns
-- with the data. Their audit rows stay in public.audit_logs.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set statement_timeout = '60s';
drop table if exists public.conversation_turns;
drop table if exists public.conversations;
drop function if exists ops.conversation_template_usage();
drop function if exists ops.conversation_turns_rollup();
drop function if exists ops.conversation_review_stamp();
