-- Scheduling: one pg_cron job takes the full snapshot and evaluates alerts right after it (same
-- call, so evaluation always sees the snapshot it follows); one job applies retention.
set lock_timeout = '5s';
set statement_timeout = '60s';

-- Query stats, index usage, bloat (both tiers), then alert evaluation. Returns what it did.
create function ops.capture_monitoring_snapshot()
returns jsonb
language plpgsql volatile set search_path = '' as $$
declare
  started timestamptz := clock_timestamp();
  q bigint;
  i integer;
  b integer;
  e record;
begin
  q := ops.capture_query_stats();
  i := ops.capture_index_usage_snapshot();
  b := ops.capture_table_bloat_snapshot(true);
  select * into e from ops.evaluate_performance_alerts();
  return jsonb_build_object('query_snapshot_id', q, 'index_rows', i, 'bloat_rows', b,
    'alerts', jsonb_build_object('opened', e.opened, 'updated', e.updated, 'resolved', e.resolved, 'errors', e.errors),
    'duration_ms', round((extract(epoch from clock_timestamp() - started) * 1000)::numeric, 1));
end
$$;

-- Premake daily partitions, drop those past retention, trim the small unpartitioned tables.
-- lock_timeout: dropping a partition locks its parent; never queue behind a long reader.
create function ops.apply_monitoring_retention()
returns jsonb
language plpgsql volatile security definer set search_path = '' set lock_timeout = '5s' as $$
declare
  premake integer := ops.monitoring_setting('partition_premake_days')::integer;
  r record;
  created integer := 0;
  dropped text[] := '{}'::text[];
  trimmed bigint;
begin
  for r in
    select * from (values
      ('ops.query_stats_history'::regclass, 'query_stats_retention_days'),
      ('ops.query_performance_logs'::regclass, 'query_log_retention_days'),
      ('ops.index_usage_snapshots'::regclass, 'index_usage_retention_days'),
      ('ops.table_bloat_snapshots'::regclass, 'table_bloat_retention_days')) v (parent, retention_key)
  loop
    created := created + ops.ensure_time_partitions(r.parent, 'day', now(), premake);
    dropped := dropped || array(select ops.drop_time_partitions(r.parent,
      now() - ops.monitoring_setting(r.retention_key)::numeric * interval '1 day'));
  end loop;
  delete from ops.query_stat_snapshots s
  where s.captured_at < now() - ops.monitoring_setting('query_stats_retention_days')::numeric * interval '1 day'
    and s.id < (select max(x.id) from ops.query_stat_snapshots x);
  get diagnostics trimmed = row_count;
  delete from ops.alert_evaluations e
  where e.evaluated_at < now() - ops.monitoring_setting('query_stats_retention_days')::numeric * interval '1 day';
  delete from ops.performance_alerts a
  where a.resolved_at < now() - ops.monitoring_setting('resolved_alert_retention_days')::numeric * interval '1 day';
  return jsonb_build_object('partitions_created', created, 'partitions_dropped', to_jsonb(dropped),
    'query_snapshots_trimmed', trimmed);
end
$$;

-- Change a schedule (pg_cron syntax); stored in ops.monitoring_config and applied to the job.
-- SECURITY DEFINER: only the owner may use the cron schema.
create function ops.set_monitoring_schedule(p_snapshot text default null, p_retention text default null)
returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  if p_snapshot is not null then
    perform cron.schedule('opsbase-monitoring-snapshot', p_snapshot, 'select ops.capture_monitoring_snapshot()');
    update ops.monitoring_config set value = p_snapshot where key = 'snapshot_schedule';
  end if;
  if p_retention is not null then
    perform cron.schedule('opsbase-monitoring-retention', p_retention, 'select ops.apply_monitoring_retention()');
    update ops.monitoring_config set value = p_retention where key = 'retention_schedule';
  end if;
end
$$;

revoke execute on function
  ops.capture_monitoring_snapshot(),
  ops.apply_monitoring_retention(),
  ops.set_monitoring_schedule(text, text)
from public, anon, authenticated;
grant execute on function
  ops.capture_monitoring_snapshot(),
  ops.apply_monitoring_retention(),
  ops.set_monitoring_schedule(text, text)
to service_role;

select ops.set_monitoring_schedule(
  (select value from ops.monitoring_config where key = 'snapshot_schedule'),
  (select value from ops.monitoring_config where key = 'retention_schedule'));
