-- Every ops schedule, in one place. ops.schedule_job upserts by name, so re-running this (or a
-- later migration changing a schedule) updates jobs in place. All names are `ops:<job>`;
-- ops.jobs shows them and ops:jobs-check alerts when one fails or stops running.
set lock_timeout = '5s';
set statement_timeout = '60s';

select ops.schedule_job('ops:maintenance-dispatch', '* * * * *', 'select ops.maintenance_dispatch()',
  'records finished maintenance statements and hands queued ones to pg_cron');
select ops.schedule_job('ops:weekly-maintenance', '0 3 * * 0', 'select ops.weekly_maintenance()',
  'plans VACUUM/ANALYZE/REINDEX CONCURRENTLY for every covered table', true, interval '1 hour');
select ops.schedule_job('ops:partition-maintenance', '7 * * * *', 'select count(*) from ops.partition_maintain()',
  'premake, default-partition repair, retention, BRIN and parent ANALYZE for registered tables');
select ops.schedule_job('ops:cron-history-purge', '23 4 * * *', 'select ops.purge_cron_history()',
  'deletes cron.job_run_details older than maintenance_settings.cron_history_retention');
select ops.schedule_job('ops:maintenance-history-purge', '29 4 * * *', 'select ops.purge_maintenance_history()',
  'deletes finished maintenance actions older than maintenance_settings.history_retention');
select ops.schedule_job('ops:jobs-check', '*/5 * * * *', 'select count(*) from ops.check_jobs()',
  'alerts (outbox topic alert) when an ops: job failed or is late');

-- Modules that landed before this one scheduled their jobs as opsbase-<job> with cron.schedule
-- (outbox purge, lock and rate-limit purges, cache cleanup, monitoring). Their own code and tests
-- refer to those names, so they keep them; ops.jobs lists every job and ops.check_jobs watches
-- opsbase-* jobs as well as ops:* ones. New schedules use ops.schedule_job.
