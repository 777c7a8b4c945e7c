-- Rollback of 20261124160900_app_context_and_checkpoints. Roll back 20261124161000_app_retention first.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set local statement_timeout = '60s';
drop function if exists public.restore_state_checkpoint(uuid);
drop function if exists public.create_state_checkpoint(uuid, text, text);
drop table if exists public.state_checkpoints;
drop table if exists public.context_snapshots;
drop function if exists ops.state_checkpoints_before_insert();
