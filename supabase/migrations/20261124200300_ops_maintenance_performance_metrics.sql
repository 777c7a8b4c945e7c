-- ops.performance_metrics (seed 000), declared PARTITION BY RANGE this time: the seed created
-- monthly partitions of a table that was not partitioned. Monthly partitions, 90 days kept,
-- handed to the partition manager. Also registers the other modules' time-partitioned tables
-- that exist by now; a module that lands later registers its own (docs/maintenance.md).
set lock_timeout = '5s';
set statement_timeout = '60s';

create table ops.performance_metrics (
  id uuid not null default gen_random_uuid(),
  metric_type text not null check (char_length(metric_type) between 1 and 100),
  metric_name text not null check (char_length(metric_name) between 1 and 200),
  metric_value double precision not null,
  dimensions jsonb not null default '{}',
  recorded_at timestamptz not null default now(),
  -- The partition key must be part of every unique constraint.
  primary key (recorded_at, id)
) partition by range (recorded_at);
comment on table ops.performance_metrics is 'Time series of operational metrics (seed 000), monthly partitions, retention through ops.partitioned_tables.';
create index performance_metrics_type_name_idx on ops.performance_metrics (metric_type, metric_name, recorded_at desc);

alter table ops.performance_metrics enable row level security;
revoke all on ops.performance_metrics from public, anon, authenticated;
grant select, insert on ops.performance_metrics to service_role;

create function ops.record_metric(p_type text, p_name text, p_value double precision, p_dimensions jsonb default '{}')
returns void
language sql volatile set search_path = '' as $$
  insert into ops.performance_metrics (metric_type, metric_name, metric_value, dimensions)
  values (p_type, p_name, p_value, coalesce(p_dimensions, '{}'))
$$;
revoke execute on function ops.record_metric(text, text, double precision, jsonb) from public, anon, authenticated;
grant execute on function ops.record_metric(text, text, double precision, jsonb) to service_role;

select ops.partition_register('ops.performance_metrics', 'month', 3, interval '90 days');

-- Tables other modules partition by time, registered when they exist and are RANGE-partitioned
-- on one time column: from the first ops:partition-maintenance run on, they get a default
-- partition, premade partitions, BRIN and parent ANALYZE (nothing changes in their schema during
-- this migration, so its rollback is exact). The period is inferred from their partitions.
-- Retention stays with the owning module (monitoring drops its own partitions) until it
-- re-registers with p_retention: registration upserts.
select t.name, ops.partition_register(pg_catalog.to_regclass(t.name), null, t.premake, null, p_maintain => false)
from (values
  ('ops.query_performance_logs', 9),
  ('ops.query_stats_history', 9),
  ('ops.index_usage_snapshots', 9),
  ('ops.table_bloat_snapshots', 9),
  ('public.audit_logs', 3),
  ('public.file_versions', 3),
  ('public.metrics', 7)
) as t (name, premake)
where exists (select from ops.partition_key(pg_catalog.to_regclass(t.name)) k
  where k.column_type in ('timestamp with time zone'::regtype, 'timestamp without time zone'::regtype, 'date'::regtype));
