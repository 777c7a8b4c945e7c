-- ops.dashboard(section, window): argument checks, who may call it, check status from open alerts,
-- partition coverage against a target, and the feature detection of optional modules.
begin;
select plan(14);

select throws_ok($$select ops.dashboard('everything')$$, '22023', null, 'an unknown section is invalid_parameter_value');
select throws_ok($$select ops.dashboard('overview', interval '1 minute')$$, '22023', null, 'a window under 5 minutes is refused');
select throws_ok($$select ops.dashboard('overview', interval '91 days')$$, '22023', null, 'a window over 90 days is refused');

select ok(not has_function_privilege('anon', 'ops.dashboard(text, interval)', 'execute'), 'anon cannot call it');
select ok(not has_function_privilege('authenticated', 'ops.dashboard(text, interval)', 'execute'), 'authenticated cannot call it');
select ok(has_function_privilege('service_role', 'ops.dashboard(text, interval)', 'execute'), 'service_role can');
select is((select count(*) from ops.monitoring_checks c left join ops.dashboard_advice() a using (check_name) where a.fix is null),
  0::bigint, 'every check has advice');

-- A critical open alert colours its check; a disabled check says so instead of looking healthy.
select ops.create_performance_alert('blocked_query', 'critical', 'pgtap: blocked', '{}', 'pid:pgtap', 400);
update ops.monitoring_checks set enabled = false where check_name = 'cache_hit_ratio';
set local role service_role;
create temp table o on commit drop as
  select c from jsonb_array_elements(ops.dashboard('overview') -> 'checks') c;
reset role;
select is((select c ->> 'status' from o where c ->> 'check' = 'blocked_query'), 'critical', 'a check with a critical open alert is critical');
select is((select (c ->> 'open_alerts')::int from o where c ->> 'check' = 'blocked_query'),
  (select count(*)::int from ops.performance_alerts where resolved_at is null and alert_type = 'blocked_query'), 'with its open-alert count');
select is((select c ->> 'status' from o where c ->> 'check' = 'cache_hit_ratio'), 'disabled', 'a disabled check is disabled');

-- A daily-partitioned table whose partitions end tomorrow, registered with premake 7 when the
-- partition manager is installed: short of its target, or without a target when it is not.
create schema dash_parts;
create table dash_parts.events (at timestamptz not null, v int) partition by range (at);
create table dash_parts.events_today partition of dash_parts.events
  for values from (date_trunc('day', now())) to (date_trunc('day', now()) + interval '2 days');
do $$ begin
  if to_regclass('ops.partitioned_tables') is not null then
    execute $q$insert into ops.partitioned_tables (schema_name, table_name, control_column, period, premake)
      values ('dash_parts', 'events', 'at', 'day', 7)$q$;
  end if;
end $$;
select is((select t ->> 'status' from jsonb_array_elements(ops.dashboard('partitions') -> 'tables') t where t ->> 'table' = 'dash_parts.events'),
  case when to_regclass('ops.partitioned_tables') is null then 'ok' else 'short' end,
  'partition coverage is judged against the registered premake target (if the manager is installed)');
select is((select (t ->> 'partitions')::int from jsonb_array_elements(ops.dashboard('partitions') -> 'tables') t where t ->> 'table' = 'dash_parts.events'),
  1, 'with its partition count');

-- Without the maintenance module the jobs section says "not installed" instead of failing.
select is((ops.dashboard('jobs') ->> 'installed')::boolean, to_regclass('ops.jobs') is not null, 'jobs: installed iff ops.jobs exists');
do $$ begin
  if to_regclass('ops.jobs') is not null then execute 'alter view ops.jobs rename to jobs_hidden_by_pgtap'; end if;
end $$;
select is(ops.dashboard('jobs') ->> 'installed', 'false', 'jobs: not installed when ops.jobs is missing');

select * from finish();
rollback;
