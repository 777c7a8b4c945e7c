-- Rollback of 20261124150300_ops_coordination_coalesce. In-flight claims are dropped; callers
-- waiting in ops.coalesce_wait get an error and should compute directly.
set lock_timeout = '5s';
select cron.unschedule(jobid) from cron.job where jobname = 'opsbase-coalesce-purge';
drop function if exists ops.coalesce_purge();
drop function if exists ops.coalesce_wait(text, text, interval);
drop function if exists ops.coalesce_fail(text, text, uuid, text);
drop function if exists ops.coalesce_complete(text, text, uuid, jsonb, interval);
drop function if exists ops.coalesce_claim(text, text, interval);
drop function if exists ops._coalesce_check_args(text, text);
drop table if exists ops.request_coalescing;
