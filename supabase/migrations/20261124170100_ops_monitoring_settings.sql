-- Monitoring settings: one row per check with its thresholds, per-object overrides, and a small
-- key/value table for schedules, retention and the bloat confirmation budget.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table ops.monitoring_config (
  key text primary key,
  value text not null,
  description text not null
);
comment on table ops.monitoring_config is 'Monitoring knobs: schedules, retention, tier-2 bloat budget. See docs/monitoring.md.';

insert into ops.monitoring_config (key, value, description) values
  ('snapshot_schedule', '7 * * * *', 'pg_cron schedule of the full snapshot + alert evaluation (hourly by default)'),
  ('retention_schedule', '23 3 * * *', 'pg_cron schedule of the retention job (partition premake and drop)'),
  ('query_stats_retention_days', '30', 'days of pg_stat_statements history kept'),
  ('index_usage_retention_days', '90', 'days of index usage snapshots kept (unused-index dates come from ops.index_usage_state)'),
  ('table_bloat_retention_days', '90', 'days of table/index bloat snapshots kept'),
  ('query_log_retention_days', '14', 'days of app-side query_performance_logs kept'),
  ('resolved_alert_retention_days', '180', 'days resolved alerts are kept'),
  ('partition_premake_days', '7', 'daily partitions created ahead of time'),
  ('bloat_confirm_budget_ms', '2000', 'time budget for tier-2 bloat confirmation (pgstattuple_approx / pgstatindex) per snapshot'),
  ('bloat_confirm_max_relations', '20', 'at most this many relations are confirmed per snapshot'),
  ('bloat_confirm_max_bytes', '10737418240', 'relations larger than this are never confirmed (pgstatindex reads every page)'),
  ('bloat_min_bytes', '1048576', 'relations smaller than this (by the catalog''s relpages) are neither estimated nor confirmed');

create table ops.monitoring_checks (
  check_name text primary key check (check_name ~ '^[a-z][a-z0-9_]{0,62}$'),
  enabled boolean not null default true,
  -- 'above': higher values are worse (bloat %); 'below': lower values are worse (cache hit %).
  direction text not null default 'above' check (direction in ('above', 'below')),
  warn_threshold numeric,
  critical_threshold numeric,
  unit text not null,
  -- Extra knobs of a check, e.g. {"min_bytes": 10485760}; overrides merge over these.
  params jsonb not null default '{}' check (jsonb_typeof(params) = 'object'),
  description text not null
);
comment on table ops.monitoring_checks is 'One row per alert check: thresholds, direction, parameters. See docs/monitoring.md.';

insert into ops.monitoring_checks (check_name, direction, warn_threshold, critical_threshold, unit, params, description) values
  ('slow_query', 'above', 500, 2000, 'ms mean per call', '{"window_hours": 1, "min_calls": 5}',
   'pg_stat_statements mean execution time over the last window_hours, queries with at least min_calls'),
  ('high_bloat', 'above', 30, 60, '% of relation size', '{"min_bytes": 10485760}',
   'wasted space of a table or btree index in the latest snapshot (tier 2 when confirmed, else tier 1)'),
  ('unused_index', 'above', 30, null, 'days without scans', '{"min_bytes": 1048576}',
   'non-unique index with no scans in its observed history (stats-reset aware)'),
  ('duplicate_index', 'above', 0, null, 'duplicate/prefix indexes', '{"min_bytes": 0}',
   'index identical to, or a left prefix of, another index on the same table'),
  ('invalid_index', 'above', 0, null, 'invalid indexes', '{}',
   'index left invalid, e.g. by a failed CREATE INDEX CONCURRENTLY'),
  ('missing_index', 'above', 0, null, 'unindexed foreign keys', '{"min_bytes": 1048576}',
   'foreign key whose columns lead no index on a referencing table of at least min_bytes'),
  ('dead_tuples', 'above', 20, 50, '% dead of all tuples', '{"min_dead": 10000}',
   'dead tuples waiting for vacuum, tables with at least min_dead dead tuples'),
  ('xid_wraparound', 'above', 50, 75, '% of 2^31 transaction ids', '{}',
   'age(datfrozenxid) of this database'),
  ('mxid_wraparound', 'above', 50, 75, '% of 2^31 multixact ids', '{}',
   'mxid_age(datminmxid) of this database'),
  ('sequence_exhaustion', 'above', 75, 90, '% of sequence range used', '{}',
   'identity/serial/plain sequences, honouring data type, max/min value, increment and owning column type'),
  ('connection_pool', 'above', 80, 95, '% of usable connections', '{}',
   'client backends against max_connections minus reserved connections'),
  ('long_running_query', 'above', 300, 1800, 'seconds', '{}',
   'active statement running longer than the threshold'),
  ('idle_in_transaction', 'above', 300, 1800, 'seconds', '{}',
   'session idle inside an open transaction (holds locks and the xmin horizon)'),
  ('blocked_query', 'above', 30, 300, 'seconds waiting', '{}',
   'session waiting on a lock held by another session'),
  ('cache_hit_ratio', 'below', 99, 95, '% buffer hits', '{"min_blocks": 10000}',
   'shared buffer hit ratio of this database over the last snapshot interval with at least min_blocks reads+hits');

-- Per-object overrides: object_name is the check's object, e.g. 'public.orders' or 'public.orders_pkey'.
create table ops.monitoring_check_overrides (
  check_name text not null references ops.monitoring_checks (check_name) on delete cascade,
  object_name text not null,
  enabled boolean,
  warn_threshold numeric,
  critical_threshold numeric,
  params jsonb not null default '{}' check (jsonb_typeof(params) = 'object'),
  note text,
  primary key (check_name, object_name)
);
comment on table ops.monitoring_check_overrides is 'Per-object threshold overrides; null fields fall back to ops.monitoring_checks.';

alter table ops.monitoring_config enable row level security;
alter table ops.monitoring_checks enable row level security;
alter table ops.monitoring_check_overrides enable row level security;
revoke all on ops.monitoring_config, ops.monitoring_checks, ops.monitoring_check_overrides from public, anon, authenticated;
grant select, insert, update, delete on ops.monitoring_config, ops.monitoring_checks, ops.monitoring_check_overrides to service_role;

-- A config value; raises when the key is unknown so a typo never silently means "default".
create function ops.monitoring_setting(p_key text)
returns text
language plpgsql stable set search_path = '' as $$
declare
  v text;
begin
  select value into v from ops.monitoring_config where key = p_key;
  if v is null then
    raise exception 'monitoring_setting: unknown key %', p_key using errcode = 'undefined_object';
  end if;
  return v;
end
$$;

-- Effective thresholds of a check for one object: the override's non-null fields win.
create function ops.alert_threshold(p_check text, p_object text default null)
returns table (enabled boolean, direction text, warn_threshold numeric, critical_threshold numeric, params jsonb)
language sql stable set search_path = '' as $$
  select coalesce(o.enabled, c.enabled), c.direction,
    coalesce(o.warn_threshold, c.warn_threshold), coalesce(o.critical_threshold, c.critical_threshold),
    c.params || coalesce(o.params, '{}')
  from ops.monitoring_checks c
  left join ops.monitoring_check_overrides o on o.check_name = c.check_name and o.object_name = p_object
  where c.check_name = p_check
$$;

-- 'critical', 'warning' or null for a measured value against thresholds in a direction.
create function ops.alert_severity(p_value numeric, p_warn numeric, p_critical numeric, p_direction text default 'above')
returns text
language sql immutable set search_path = '' as $$
  select case
    when p_value is null then null
    when p_direction = 'below' then
      case when p_critical is not null and p_value < p_critical then 'critical'
           when p_warn is not null and p_value < p_warn then 'warning' end
    else
      case when p_critical is not null and p_value > p_critical then 'critical'
           when p_warn is not null and p_value > p_warn then 'warning' end
  end
$$;

revoke execute on function
  ops.monitoring_setting(text),
  ops.alert_threshold(text, text),
  ops.alert_severity(numeric, numeric, numeric, text)
from public, anon, authenticated;
grant execute on function
  ops.monitoring_setting(text),
  ops.alert_threshold(text, text),
  ops.alert_severity(numeric, numeric, numeric, text)
to service_role;
