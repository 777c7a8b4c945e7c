-- Rollback of 20261124150000_ops_coordination_locks. Held leases are lost with the table: stop
-- lock users first, or they will find their keys free (and their fencing tokens restarting).
set lock_timeout = '5s';
select cron.unschedule(jobid) from cron.job where jobname = 'opsbase-lock-purge';
drop function if exists ops.lock_xact(text, interval);
drop function if exists ops.lock_xact_try(text);
drop function if exists ops.lock_xact_id(text);
drop function if exists ops.lock_purge(interval);
drop function if exists ops.lock_assert(text, bigint);
drop function if exists ops.lock_acquire_wait(text, text, interval, interval, jsonb);
drop function if exists ops.lock_extend(text, text, bigint, interval);
drop function if exists ops.lock_release(text, text, bigint);
drop function if exists ops.lock_acquire(text, text, interval, jsonb);
drop table if exists ops.distributed_locks;
drop sequence if exists ops.lock_fencing_seq;
