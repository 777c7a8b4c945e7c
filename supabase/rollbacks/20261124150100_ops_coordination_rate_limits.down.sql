-- Rollback of 20261124150100_ops_coordination_rate_limits. Rate-limit state is disposable.
set lock_timeout = '5s';
select cron.unschedule(jobid) from cron.job where jobname = 'opsbase-rate-limit-purge';
drop function if exists ops.rate_limit_purge();
drop function if exists ops.rate_limit_reset(text);
drop function if exists ops.rate_limit_check(text, integer, interval, integer);
drop function if exists ops.rate_limit_gcra(bigint, bigint, integer, bigint, integer);
drop table if exists ops.rate_limits;
