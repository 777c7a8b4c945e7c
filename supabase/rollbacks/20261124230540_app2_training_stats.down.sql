-- Rollback of 20261124230540_app2_training_stats.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists public.conversation_stats(uuid);
