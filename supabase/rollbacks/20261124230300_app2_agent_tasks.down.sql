-- Rollback of 20261124230300_app2_agent_tasks. Drops the queue with its tasks.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists ops.agent_task_fail(uuid, text, text, interval);
drop function if exists ops.agent_task_complete(uuid, text, jsonb);
drop function if exists ops.agent_task_claim(text, integer, text[]);
drop function if exists ops.agent_task_requeue_expired();
drop table if exists public.agent_tasks;
