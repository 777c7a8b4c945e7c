-- Rollback of 20261124161000_app_retention.
set lock_timeout = '5s';
set local statement_timeout = '60s';
select cron.unschedule(jobid) from cron.job where jobname = 'opsbase-app-retention';
drop function if exists ops.apply_app_retention(integer, interval);
