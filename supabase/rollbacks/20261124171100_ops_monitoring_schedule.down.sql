-- Rollback of 20261124171100_ops_monitoring_schedule: unschedule the jobs, drop the functions.
set lock_timeout = '5s';
set statement_timeout = '60s';
select cron.unschedule(jobid) from cron.job
where jobname in ('opsbase-monitoring-snapshot', 'opsbase-monitoring-retention');
drop function if exists ops.set_monitoring_schedule(text, text);
drop function if exists ops.apply_monitoring_retention();
drop function if exists ops.capture_monitoring_snapshot();
