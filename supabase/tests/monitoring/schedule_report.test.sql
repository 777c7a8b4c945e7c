-- pg_cron jobs, schedule changes, retention, and the report's sections.
begin;
select plan(9);

select is((select schedule from cron.job where jobname = 'opsbase-monitoring-snapshot'), '7 * * * *', 'hourly snapshot job');
select is((select command from cron.job where jobname = 'opsbase-monitoring-snapshot'), 'select ops.capture_monitoring_snapshot()',
  'it snapshots and evaluates in one call');
select is((select command from cron.job where jobname = 'opsbase-monitoring-retention'), 'select ops.apply_monitoring_retention()',
  'daily retention job');
select ops.set_monitoring_schedule('*/15 * * * *');
select is((select schedule from cron.job where jobname = 'opsbase-monitoring-snapshot'), '*/15 * * * *', 'the schedule is configurable');
select is(ops.monitoring_setting('snapshot_schedule'), '*/15 * * * *', 'and recorded in the config');

-- An old partition past retention goes; the premade ones stay.
select ops.ensure_time_partitions('ops.query_performance_logs', 'day', now() - interval '40 days', 1);
select ok((ops.apply_monitoring_retention() -> 'partitions_dropped') ? ('ops.query_performance_logs_p'
  || to_char((now() - interval '40 days') at time zone 'UTC', 'YYYYMMDD')), 'retention drops the expired partition');
select ok(to_regclass('ops.query_performance_logs_p' || to_char((now() + interval '6 days') at time zone 'UTC', 'YYYYMMDD')) is not null,
  'and premakes a week ahead');

select ops.capture_monitoring_snapshot();
select ok(ops.report('summary') ?& array['queries', 'query_logs', 'indexes', 'tables', 'live', 'alerts'], 'summary has every part');
select ok((select bool_and(ops.report(s) ->> 'section' = s) from unnest(array['slow_queries', 'bloat', 'indexes', 'alerts']) s),
  'each section answers');

select * from finish();
rollback;
