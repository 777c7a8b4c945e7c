-- Rollback of 20261124160800_app_agent_states. Roll back 20261124160900_app_context_and_checkpoints first.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set local statement_timeout = '60s';
drop function if exists public.save_agent_state(uuid, text, jsonb, bigint);
drop table if exists public.agent_states;
drop function if exists ops.agent_states_check_current();
drop function if exists ops.agent_states_before_update();
drop function if exists ops.agent_states_before_insert();
