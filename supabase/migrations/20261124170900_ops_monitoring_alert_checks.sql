-- The alert checks. Each ops.check_<name>() returns the objects currently over their threshold
-- (ops.alert_threshold: the check's row in ops.monitoring_checks, per-object overrides winning).
-- ops.evaluate_performance_alerts() runs them and applies the lifecycle (ops.apply_alert_findings).
set lock_timeout = '5s';
set statement_timeout = '60s';

create function ops.check_slow_query()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  with g as (select t.params from ops.alert_threshold('slow_query') t),
  w as (
    select h.queryid, h.dbid, sum(h.calls) as calls, sum(h.total_exec_time) / sum(h.calls) as mean_ms
    from ops.query_stats_history h, g
    where h.toplevel and h.captured_at > now() - (g.params ->> 'window_hours')::numeric * interval '1 hour'
    group by h.queryid, h.dbid
    having sum(h.calls) > 0
  )
  select ('slow_query', 'queryid:' || w.queryid, sev, round(w.mean_ms::numeric, 3),
    format('query %s averages %s ms over %s calls', w.queryid, round(w.mean_ms::numeric, 1), w.calls),
    jsonb_build_object('queryid', w.queryid, 'calls', w.calls, 'mean_ms', round(w.mean_ms::numeric, 3),
      'query', left(qt.query, 500), 'warn_ms', th.warn_threshold, 'critical_ms', th.critical_threshold))::ops.alert_finding
  from w
  cross join lateral ops.alert_threshold('slow_query', 'queryid:' || w.queryid) th
  cross join lateral ops.alert_severity(w.mean_ms::numeric, th.warn_threshold, th.critical_threshold, th.direction) sev
  left join ops.query_texts qt on qt.dbid = w.dbid and qt.queryid = w.queryid
  where th.enabled and sev is not null and w.calls >= coalesce((th.params ->> 'min_calls')::numeric, 1)
$$;

create function ops.check_high_bloat()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('high_bloat', obj, sev, b.bloat_pct,
    format('%s %s wastes %s%% (%s) by %s', b.relkind, obj, b.bloat_pct, pg_catalog.pg_size_pretty(b.bloat_bytes), b.method),
    jsonb_build_object('relkind', b.relkind, 'method', b.method, 'bloat_pct', b.bloat_pct, 'bloat_bytes', b.bloat_bytes,
      'actual_size_bytes', b.actual_size_bytes, 'stats_quality', b.stats_quality, 'snapshot', b.snapshot_timestamp))::ops.alert_finding
  from ops.latest_bloat(0) b
  cross join lateral (select format('%I.%I', b.schemaname, coalesce(b.indexname, b.tablename)) as obj) o
  cross join lateral ops.alert_threshold('high_bloat', obj) th
  cross join lateral ops.alert_severity(b.bloat_pct, th.warn_threshold, th.critical_threshold, th.direction) sev
  -- A tier-1 figure built on missing or stale statistics is not trusted to raise an alert.
  where th.enabled and sev is not null and (b.method <> 'estimate' or b.stats_quality = 'ok')
    and b.actual_size_bytes >= coalesce((th.params ->> 'min_bytes')::bigint, 0)
$$;

create function ops.check_unused_index()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('unused_index', obj, sev, u.days_since_last_scan,
    format('index %s (%s) has had no scans for %s days (since %s)', obj, u.index_size, round(u.days_since_last_scan),
      u.no_scans_since::date),
    jsonb_build_object('table', format('%I.%I', u.schemaname, u.tablename), 'index_size_bytes', u.index_size_bytes,
      'first_seen_at', u.first_seen_at, 'no_scans_since', u.no_scans_since, 'definition', u.definition,
      'fix', format('drop index concurrently %s', obj)))::ops.alert_finding
  from ops.detect_unused_indexes(0, 0) u
  cross join lateral (select format('%I.%I', u.schemaname, u.indexname) as obj) o
  cross join lateral ops.alert_threshold('unused_index', obj) th
  cross join lateral (select case
    when th.critical_threshold is not null and u.days_since_last_scan >= th.critical_threshold then 'critical'
    when u.days_since_last_scan >= th.warn_threshold then 'warning' end as sev) s
  where th.enabled and sev is not null and u.index_size_bytes >= coalesce((th.params ->> 'min_bytes')::bigint, 0)
$$;

create function ops.check_duplicate_index()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('duplicate_index', obj, sev, 1::numeric,
    format('index %s is %s of %s', obj, case d.kind when 'duplicate' then 'a duplicate' else 'a left prefix' end, d.covered_by),
    jsonb_build_object('kind', d.kind, 'covered_by', d.covered_by, 'index_size_bytes', d.index_size_bytes,
      'definition', d.definition, 'covered_by_definition', d.covered_by_definition,
      'fix', format('drop index concurrently %s', obj)))::ops.alert_finding
  from ops.duplicate_indexes() d
  cross join lateral (select format('%I.%I', d.schemaname, d.indexname) as obj) o
  cross join lateral ops.alert_threshold('duplicate_index', obj) th
  cross join lateral ops.alert_severity(1, th.warn_threshold, th.critical_threshold, th.direction) sev
  where th.enabled and sev is not null and d.index_size_bytes >= coalesce((th.params ->> 'min_bytes')::bigint, 0)
$$;

create function ops.check_invalid_index()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('invalid_index', obj, sev, 1::numeric, format('index %s is invalid and unused by queries, but still maintained', obj),
    jsonb_build_object('definition', i.definition, 'fix', i.fix, 'index_size_bytes', i.index_size_bytes))::ops.alert_finding
  from ops.invalid_indexes() i
  cross join lateral (select format('%I.%I', i.schemaname, i.indexname) as obj) o
  cross join lateral ops.alert_threshold('invalid_index', obj) th
  cross join lateral ops.alert_severity(1, th.warn_threshold, th.critical_threshold, th.direction) sev
  where th.enabled and sev is not null
$$;

create function ops.check_missing_index()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('missing_index', obj, sev, 1::numeric,
    format('foreign key %s on %I.%I (%s) has no index', f.constraint_name, f.schemaname, f.tablename,
      array_to_string(f.columns, ', ')),
    jsonb_build_object('referenced_table', f.referenced_table, 'columns', f.columns,
      'table_size_bytes', f.table_size_bytes, 'fix', f.suggestion))::ops.alert_finding
  from ops.unindexed_foreign_keys() f
  cross join lateral (select format('%I.%I.%I', f.schemaname, f.tablename, f.constraint_name) as obj) o
  cross join lateral ops.alert_threshold('missing_index', obj) th
  cross join lateral ops.alert_severity(1, th.warn_threshold, th.critical_threshold, th.direction) sev
  where th.enabled and sev is not null and f.table_size_bytes >= coalesce((th.params ->> 'min_bytes')::bigint, 0)
$$;

create function ops.check_dead_tuples()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('dead_tuples', obj, sev, t.dead_pct,
    format('table %s has %s dead tuples (%s%%); last vacuum %s', obj, t.dead_tuples, t.dead_pct,
      coalesce(greatest(t.last_vacuum, t.last_autovacuum)::text, 'never')),
    jsonb_build_object('dead_tuples', t.dead_tuples, 'live_tuples', t.live_tuples, 'autovacuum_due', t.autovacuum_due,
      'last_vacuum', t.last_vacuum, 'last_autovacuum', t.last_autovacuum))::ops.alert_finding
  from ops.table_health() t
  cross join lateral (select format('%I.%I', t.schemaname, t.tablename) as obj) o
  cross join lateral ops.alert_threshold('dead_tuples', obj) th
  cross join lateral ops.alert_severity(t.dead_pct, th.warn_threshold, th.critical_threshold, th.direction) sev
  where th.enabled and sev is not null and t.dead_tuples >= coalesce((th.params ->> 'min_dead')::bigint, 0)
$$;

create function ops.check_xid_wraparound()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('xid_wraparound', w.database, sev, w.xid_pct,
    format('database %s: transaction id age %s is %s%% of the wraparound limit', w.database, w.xid_age, w.xid_pct),
    jsonb_build_object('xid_age', w.xid_age, 'oldest_tables', w.oldest_tables))::ops.alert_finding
  from ops.wraparound_status() w
  cross join lateral ops.alert_threshold('xid_wraparound', w.database) th
  cross join lateral ops.alert_severity(w.xid_pct, th.warn_threshold, th.critical_threshold, th.direction) sev
  where th.enabled and sev is not null
$$;

create function ops.check_mxid_wraparound()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('mxid_wraparound', w.database, sev, w.mxid_pct,
    format('database %s: multixact age %s is %s%% of the wraparound limit', w.database, w.mxid_age, w.mxid_pct),
    jsonb_build_object('mxid_age', w.mxid_age, 'oldest_tables', w.oldest_tables))::ops.alert_finding
  from ops.wraparound_status() w
  cross join lateral ops.alert_threshold('mxid_wraparound', w.database) th
  cross join lateral ops.alert_severity(w.mxid_pct, th.warn_threshold, th.critical_threshold, th.direction) sev
  where th.enabled and sev is not null
$$;

create function ops.check_sequence_exhaustion()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('sequence_exhaustion', obj, sev, s.pct_used,
    format('sequence %s has used %s%% of its range; %s values left', obj, s.pct_used, s.remaining_values),
    jsonb_build_object('last_value', s.last_value, 'range_max', s.range_max, 'range_min', s.range_min,
      'increment_by', s.increment_by, 'data_type', s.data_type, 'used_by', s.used_by))::ops.alert_finding
  from ops.sequence_health() s
  cross join lateral (select format('%I.%I', s.schemaname, s.sequencename) as obj) o
  cross join lateral ops.alert_threshold('sequence_exhaustion', obj) th
  cross join lateral ops.alert_severity(s.pct_used, th.warn_threshold, th.critical_threshold, th.direction) sev
  where th.enabled and sev is not null
$$;

create function ops.check_connection_pool()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('connection_pool', 'cluster', sev, c.used_pct,
    format('%s of %s usable connections in use (%s%%)', c.used, c.usable, c.used_pct),
    jsonb_build_object('by_state', c.by_state, 'by_database', c.by_database, 'max_connections', c.max_connections))::ops.alert_finding
  from ops.connection_saturation() c
  cross join lateral ops.alert_threshold('connection_pool', 'cluster') th
  cross join lateral ops.alert_severity(c.used_pct, th.warn_threshold, th.critical_threshold, th.direction) sev
  where th.enabled and sev is not null
$$;

create function ops.check_long_running_query()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('long_running_query', 'pid:' || l.pid, sev, l.query_seconds,
    format('pid %s (%s) has been running one statement for %s s', l.pid, l.usename, round(l.query_seconds)),
    jsonb_build_object('pid', l.pid, 'usename', l.usename, 'application_name', l.application_name,
      'query', l.query, 'wait_event', l.wait_event))::ops.alert_finding
  from ops.long_running_sessions(0) l
  cross join lateral ops.alert_threshold('long_running_query', 'pid:' || l.pid) th
  cross join lateral ops.alert_severity(l.query_seconds, th.warn_threshold, th.critical_threshold, th.direction) sev
  where l.state = 'active' and th.enabled and sev is not null
$$;

create function ops.check_idle_in_transaction()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('idle_in_transaction', 'pid:' || l.pid, sev, l.state_seconds,
    format('pid %s (%s) has been idle in a transaction for %s s', l.pid, l.usename, round(l.state_seconds)),
    jsonb_build_object('pid', l.pid, 'usename', l.usename, 'application_name', l.application_name,
      'last_query', l.query, 'xact_seconds', l.xact_seconds, 'backend_xmin_age', l.backend_xmin_age))::ops.alert_finding
  from ops.long_running_sessions(0) l
  cross join lateral ops.alert_threshold('idle_in_transaction', 'pid:' || l.pid) th
  cross join lateral ops.alert_severity(l.state_seconds, th.warn_threshold, th.critical_threshold, th.direction) sev
  where l.state like 'idle in transaction%' and th.enabled and sev is not null
$$;

create function ops.check_blocked_query()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('blocked_query', 'pid:' || b.blocked_pid, sev, b.waiting_seconds,
    format('pid %s has waited %s s for a lock; root blocker pid %s (%s)', b.blocked_pid, round(b.waiting_seconds),
      b.root_pid, b.root_state),
    jsonb_build_object('blocked_query', b.blocked_query, 'blocking_pids', b.blocking_pids, 'root_pid', b.root_pid,
      'root_query', b.root_query, 'depth', b.depth))::ops.alert_finding
  from ops.blocking_chains() b
  cross join lateral ops.alert_threshold('blocked_query', 'pid:' || b.blocked_pid) th
  cross join lateral ops.alert_severity(b.waiting_seconds, th.warn_threshold, th.critical_threshold, th.direction) sev
  where th.enabled and sev is not null
$$;

create function ops.check_cache_hit_ratio()
returns setof ops.alert_finding
language sql stable set search_path = '' as $$
  select ('cache_hit_ratio', pg_catalog.current_database()::text, sev, c.last_interval_pct,
    format('buffer cache hit ratio %s%% over the last interval (%s blocks)', c.last_interval_pct, c.last_interval_blocks),
    jsonb_build_object('since_reset_pct', c.database_pct, 'interval_end', c.last_interval_end,
      'blocks', c.last_interval_blocks))::ops.alert_finding
  from ops.cache_hit_ratio() c
  cross join lateral ops.alert_threshold('cache_hit_ratio', pg_catalog.current_database()::text) th
  cross join lateral ops.alert_severity(c.last_interval_pct, th.warn_threshold, th.critical_threshold, th.direction) sev
  where th.enabled and sev is not null
    and c.last_interval_blocks >= coalesce((th.params ->> 'min_blocks')::bigint, 0)
$$;

-- Run the given checks (default: all) and apply the lifecycle. A check that errors is recorded
-- in ops.alert_evaluations.errors and its open alerts are left alone (their state is unknown).
-- A disabled check resolves its open alerts. SECURITY DEFINER: the checks read every session
-- and statistic, which needs the owner's pg_read_all_stats / pg_stat_scan_tables.
create function ops.evaluate_performance_alerts(p_checks text[] default null)
returns table (opened integer, updated integer, resolved integer, errors jsonb)
language plpgsql volatile security definer set search_path = '' as $$
declare
  started timestamptz := clock_timestamp();
  c record;
  found_rows ops.alert_finding[];
  ran text[] := '{}'::text[];
  all_findings ops.alert_finding[] := '{}'::ops.alert_finding[];
  errs jsonb := '{}'::jsonb;
  r record;
  unknown text;
begin
  select u into unknown from unnest(p_checks) u
  where not exists (select from ops.monitoring_checks m where m.check_name = u) limit 1;
  if unknown is not null then
    raise exception 'evaluate_performance_alerts: unknown check %', unknown using errcode = 'invalid_parameter_value';
  end if;
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ops.evaluate_performance_alerts'));
  for c in
    select m.check_name, m.enabled from ops.monitoring_checks m
    where p_checks is null or m.check_name = any (p_checks)
    order by m.check_name
  loop
    if to_regprocedure(format('ops.check_%s()', c.check_name)) is null then
      -- A check row added by hand without a function: only manual alerts use it.
      continue;
    end if;
    begin
      execute format('select coalesce(array_agg(f), ''{}'') from ops.%I() f', 'check_' || c.check_name) into found_rows;
      ran := ran || c.check_name;
      all_findings := all_findings || found_rows;
    exception when others then
      errs := errs || jsonb_build_object(c.check_name, sqlerrm);
    end;
  end loop;
  select * into r from ops.apply_alert_findings(ran, all_findings);
  insert into ops.alert_evaluations (checks, opened, updated, resolved, errors, duration_ms)
  values (ran, r.opened, r.updated, r.resolved, errs, extract(epoch from clock_timestamp() - started) * 1000);
  return query select r.opened, r.updated, r.resolved, errs;
end
$$;

-- Seed 002's name: evaluate only the bloat check; returns the number of open high_bloat alerts.
create function ops.check_table_bloat_alerts()
returns integer
language plpgsql volatile set search_path = '' as $$
begin
  perform ops.evaluate_performance_alerts(array['high_bloat']);
  return (select count(*)::integer from ops.performance_alerts a where a.alert_type = 'high_bloat' and a.resolved_at is null);
end
$$;

revoke execute on function
  ops.check_slow_query(), ops.check_high_bloat(), ops.check_unused_index(), ops.check_duplicate_index(),
  ops.check_invalid_index(), ops.check_missing_index(), ops.check_dead_tuples(), ops.check_xid_wraparound(),
  ops.check_mxid_wraparound(), ops.check_sequence_exhaustion(), ops.check_connection_pool(),
  ops.check_long_running_query(), ops.check_idle_in_transaction(), ops.check_blocked_query(),
  ops.check_cache_hit_ratio(), ops.evaluate_performance_alerts(text[]), ops.check_table_bloat_alerts()
from public, anon, authenticated;
grant execute on function
  ops.check_slow_query(), ops.check_high_bloat(), ops.check_unused_index(), ops.check_duplicate_index(),
  ops.check_invalid_index(), ops.check_missing_index(), ops.check_dead_tuples(), ops.check_xid_wraparound(),
  ops.check_mxid_wraparound(), ops.check_sequence_exhaustion(), ops.check_connection_pool(),
  ops.check_long_running_query(), ops.check_idle_in_transaction(), ops.check_blocked_query(),
  ops.check_cache_hit_ratio(), ops.evaluate_performance_alerts(text[]), ops.check_table_bloat_alerts()
to service_role;
