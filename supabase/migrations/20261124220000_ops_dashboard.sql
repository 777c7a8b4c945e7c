-- ops.dashboard(section, window): the JSON behind the ops-dashboard web page, one section per call,
-- so the page can load and refresh sections independently. It only reads: monitoring history and
-- the report's functions, coordination state, and, when their module is installed, ops.jobs and
-- ops.partitioned_tables (feature-detected with to_regclass, read through EXECUTE so this
-- migration does not depend on the maintenance module). SECURITY INVOKER: the edge function calls
-- it as service_role, and the definer functions it calls keep their own narrow rights.
set lock_timeout = '5s';
set statement_timeout = '60s';

-- What to do about each check, and where docs/monitoring.md explains it. `doc` is
-- <file>#<heading anchor> (GitHub's slug of the heading).
create function ops.dashboard_advice()
returns table (check_name text, fix text, doc text)
language sql immutable set search_path = '' as $$
  values
    ('slow_query', 'EXPLAIN (ANALYZE, BUFFERS) the statement; add or fix an index (try it first with hypopg) or fetch fewer rows.', 'monitoring.md#never-a-global-reset'),
    ('high_bloat', 'VACUUM the table; rebuild a bloated index with REINDEX INDEX CONCURRENTLY from a top-level job; pg_repack for heavy table bloat.', 'monitoring.md#bloat-two-tiers'),
    ('unused_index', 'Check that no replica or monthly job uses it, then DROP INDEX CONCURRENTLY.', 'monitoring.md#unused-indexes-dates-from-history'),
    ('duplicate_index', 'Drop the covered index with DROP INDEX CONCURRENTLY unless it backs a constraint.', 'monitoring.md#checks-thresholds-and-tuning'),
    ('invalid_index', 'DROP INDEX CONCURRENTLY and build it again, or REINDEX INDEX CONCURRENTLY.', 'monitoring.md#checks-thresholds-and-tuning'),
    ('missing_index', 'CREATE INDEX CONCURRENTLY on the foreign-key columns of the referencing table.', 'monitoring.md#checks-thresholds-and-tuning'),
    ('dead_tuples', 'Look for long transactions holding back the xmin horizon, VACUUM the table, and lower its autovacuum_vacuum_scale_factor.', 'monitoring.md#checks-thresholds-and-tuning'),
    ('xid_wraparound', 'End old xmin holders (long transactions, stale replication slots, prepared transactions), then VACUUM (FREEZE) the oldest tables.', 'monitoring.md#checks-thresholds-and-tuning'),
    ('mxid_wraparound', 'End old multixact holders (long transactions with row locks), then VACUUM (FREEZE) the oldest tables.', 'monitoring.md#checks-thresholds-and-tuning'),
    ('sequence_exhaustion', 'Move the column and its sequence to bigint with the migration toolkit before the range runs out.', 'monitoring.md#checks-thresholds-and-tuning'),
    ('connection_pool', 'Route clients through the pooler in transaction mode and close idle connections.', 'monitoring.md#checks-thresholds-and-tuning'),
    ('long_running_query', 'Inspect the statement, cancel it with pg_cancel_backend(pid), and set a statement_timeout for its role.', 'monitoring.md#checks-thresholds-and-tuning'),
    ('idle_in_transaction', 'Fix the client that leaves transactions open; set idle_in_transaction_session_timeout; pg_terminate_backend(pid) if it holds locks.', 'monitoring.md#checks-thresholds-and-tuning'),
    ('blocked_query', 'End or shorten the root blocker''s transaction; give DDL a lock_timeout.', 'monitoring.md#checks-thresholds-and-tuning'),
    ('cache_hit_ratio', 'The working set exceeds shared_buffers: index the sequential scans, or move to a larger compute size.', 'monitoring.md#checks-thresholds-and-tuning')
$$;

-- Time-series points of the window as two parallel arrays, the shape uPlot plots directly.
create function ops.dashboard_series(p_at timestamptz[], p_values numeric[])
returns jsonb
language sql immutable set search_path = '' as $$
  select jsonb_build_object(
    't', coalesce((select jsonb_agg(extract(epoch from a.at)::bigint order by a.ord) from unnest(p_at) with ordinality a(at, ord)), '[]'),
    'v', coalesce(to_jsonb(p_values), '[]'))
$$;

create function ops.dashboard(p_section text, p_window interval default interval '24 hours')
returns jsonb
language plpgsql stable set search_path = '' as $$
-- queryids are 64-bit: emitted as strings so JavaScript keeps every digit.
declare
  since timestamptz := now() - p_window;
  hours numeric := extract(epoch from p_window) / 3600;
  head jsonb;
  result jsonb;
begin
  if p_section is null or p_section not in
      ('overview', 'queries', 'indexes', 'bloat', 'jobs', 'partitions', 'alerts', 'coordination') then
    raise exception 'dashboard: section must be overview, queries, indexes, bloat, jobs, partitions, alerts or coordination, got %', p_section
      using errcode = 'invalid_parameter_value';
  end if;
  if p_window is null or p_window < interval '5 minutes' or p_window > interval '90 days' then
    raise exception 'dashboard: window must be between 5 minutes and 90 days, got %', p_window
      using errcode = 'invalid_parameter_value';
  end if;
  head := jsonb_build_object('section', p_section, 'generated_at', now(), 'window_seconds', extract(epoch from p_window)::bigint);

  if p_section = 'overview' then
    -- A check's status is its worst open alert; disabled checks say so rather than look healthy.
    return head || jsonb_build_object(
      'checks', (select coalesce(jsonb_agg(jsonb_build_object(
            'check', c.check_name, 'description', c.description, 'unit', c.unit, 'direction', c.direction,
            'warn', c.warn_threshold, 'critical', c.critical_threshold,
            'status', case when not c.enabled then 'disabled' when a.critical > 0 then 'critical'
                           when a.open > 0 then 'warning' else 'ok' end,
            'open_alerts', coalesce(a.open, 0), 'worst_value', a.worst_value,
            'fix', adv.fix, 'doc', adv.doc) order by c.enabled desc, coalesce(a.critical, 0) desc, coalesce(a.open, 0) desc, c.check_name), '[]')
        from ops.monitoring_checks c
        left join ops.dashboard_advice() adv on adv.check_name = c.check_name
        left join lateral (
          select count(*) as open, count(*) filter (where p.severity = 'critical') as critical,
            case when c.direction = 'below' then min(p.value) else max(p.value) end as worst_value
          from ops.performance_alerts p where p.resolved_at is null and p.alert_type = c.check_name) a on true),
      'live', jsonb_build_object(
        'connections', (select jsonb_build_object('used', s.used, 'usable', s.usable, 'used_pct', s.used_pct) from ops.connection_saturation() s),
        'cache_hit_pct', (select coalesce(h.last_interval_pct, h.database_pct) from ops.cache_hit_ratio() h),
        'xid_pct', (select w.xid_pct from ops.wraparound_status() w),
        'blocked', (select count(*) from ops.blocking_chains())),
      'last_snapshot', (select jsonb_build_object('at', s.captured_at, 'status', s.status, 'entries', s.entries)
        from ops.query_stat_snapshots s order by s.id desc limit 1),
      'last_evaluation', (select jsonb_build_object('at', e.evaluated_at, 'errors', e.errors)
        from ops.alert_evaluations e order by e.id desc limit 1));

  elsif p_section = 'queries' then
    with top as (
      select * from ops.top_queries(since, now(), 'total_time', 20)
    ), points as (
      -- One point per snapshot interval: mean ms per call in that interval (the sparkline).
      select h.queryid, array_agg(h.captured_at order by h.captured_at) as at,
        array_agg(round((sum_exec / nullif(sum_calls, 0))::numeric, 3) order by h.captured_at) as mean_ms
      from (select q.queryid, q.captured_at, sum(q.total_exec_time) as sum_exec, sum(q.calls) as sum_calls
            from ops.query_stats_history q
            where q.captured_at > since and q.toplevel and q.dbid = (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database())
              and q.queryid in (select t.queryid from top t)
            group by q.queryid, q.captured_at) h
      group by h.queryid
    )
    select jsonb_build_object(
      'top', coalesce(jsonb_agg(to_jsonb(t) || jsonb_build_object('queryid', t.queryid::text,
          'sparkline', ops.dashboard_series(p.at, p.mean_ms)) order by t.total_exec_ms desc), '[]'))
    into result
    from top t left join points p on p.queryid = t.queryid;
    return head || result || jsonb_build_object(
      'doc', 'monitoring.md#never-a-global-reset',
      -- Database-wide execution time per snapshot interval: the "query time" plot.
      'timeline', (select ops.dashboard_series(array_agg(x.captured_at order by x.captured_at), array_agg(x.ms order by x.captured_at))
        from (select q.captured_at, round(sum(q.total_exec_time)::numeric, 1) as ms
              from ops.query_stats_history q where q.captured_at > since and q.toplevel group by q.captured_at) x),
      'intervals', (select jsonb_build_object('count', count(*),
          'incomplete', count(*) filter (where s.status in ('reset', 'evictions')), 'last', max(s.captured_at))
        from ops.query_stat_snapshots s where s.captured_at > since));

  elsif p_section = 'indexes' then
    return head || (ops.report('indexes', hours) - 'section' - 'generated_at' - 'window_hours' - 'database')
      || jsonb_build_object('docs', jsonb_build_object(
        'unused', 'monitoring.md#unused-indexes-dates-from-history',
        'duplicates', 'monitoring.md#checks-thresholds-and-tuning',
        'invalid', 'monitoring.md#checks-thresholds-and-tuning',
        'unindexed_foreign_keys', 'monitoring.md#checks-thresholds-and-tuning'));

  elsif p_section = 'bloat' then
    return head || jsonb_build_object(
      'doc', 'monitoring.md#bloat-two-tiers',
      'snapshot_at', (select max(b.snapshot_timestamp) from ops.table_bloat_snapshots b where b.snapshot_timestamp > since),
      -- Confidence: a pgstattuple measurement is exact; a tier-1 estimate is only as good as its statistics.
      'relations', (select coalesce(jsonb_agg(jsonb_build_object(
            'relation', format('%I.%I', b.schemaname, coalesce(b.indexname, b.tablename)), 'table', b.tablename,
            'relkind', b.relkind, 'method', b.method, 'bloat_pct', b.bloat_pct, 'bloat_bytes', b.bloat_bytes,
            'actual_size_bytes', b.actual_size_bytes, 'dead_tuples', b.dead_tuples, 'at', b.snapshot_timestamp,
            'confidence', case when b.method <> 'estimate' then 'measured'
                               when b.stats_quality = 'ok' then 'estimate' else 'low: statistics ' || coalesce(b.stats_quality, 'unknown') end)
          order by b.bloat_bytes desc), '[]')
        from (select * from ops.latest_bloat(0) x where x.bloat_bytes > 0 order by x.bloat_bytes desc limit 50) b),
      -- Table growth: size per snapshot of the five largest tables of the latest snapshot.
      'growth', (select coalesce(jsonb_agg(jsonb_build_object('relation', g.rel, 'series', g.series) order by g.latest desc), '[]')
        from (select format('%I.%I', b.schemaname, b.tablename) as rel, max(b.actual_size_bytes) filter (where b.snapshot_timestamp = l.at) as latest,
                ops.dashboard_series(array_agg(b.snapshot_timestamp order by b.snapshot_timestamp),
                  array_agg(b.actual_size_bytes::numeric order by b.snapshot_timestamp)) as series
              from ops.table_bloat_snapshots b
              cross join (select max(s.snapshot_timestamp) as at from ops.table_bloat_snapshots s where s.snapshot_timestamp > since) l
              where b.snapshot_timestamp > since and b.relkind = 'table' and b.method = 'estimate'
                and b.relid in (select s.relid from ops.table_bloat_snapshots s
                                where s.snapshot_timestamp = l.at and s.relkind = 'table' and s.method = 'estimate'
                                order by s.actual_size_bytes desc limit 5)
              group by b.schemaname, b.tablename) g));

  elsif p_section = 'jobs' then
    if pg_catalog.to_regclass('ops.jobs') is null then
      return head || jsonb_build_object('installed', false, 'doc', 'maintenance.md#schedules-and-opsjobs');
    end if;
    -- EXECUTE: ops.jobs belongs to the maintenance module, which may be installed after this one.
    execute $q$select coalesce(jsonb_agg(jsonb_build_object('job', j.job_name, 'schedule', j.schedule, 'active', j.active,
        'managed', j.managed, 'last_status', j.last_status, 'last_start', j.last_start,
        'last_duration_ms', round(extract(epoch from j.last_duration) * 1000), 'last_message', j.last_message,
        'last_success_at', j.last_success_at, 'expected_at', j.expected_at,
        'late_seconds', round(extract(epoch from j.late_by)), 'health', j.health)
      order by (j.health in ('failed', 'late')) desc, j.job_name), '[]') from ops.jobs j$q$ into result;
    return head || jsonb_build_object('installed', true, 'jobs', result, 'doc', 'maintenance.md#schedules-and-opsjobs');

  elsif p_section = 'partitions' then
    -- Every time-range-partitioned table. Coverage: how far ahead of now partitions exist, against
    -- the premake target of the partition manager (when installed) or monitoring's own setting.
    if pg_catalog.to_regclass('ops.partitioned_tables') is not null then
      execute $q$select coalesce(jsonb_object_agg(format('%I.%I', p.schema_name, p.table_name),
          jsonb_build_object('premake', p.premake, 'period', p.period, 'last_maintained_at', p.last_maintained_at, 'last_error', p.last_error)), '{}')
        from ops.partitioned_tables p$q$ into result;
    end if;
    return head || jsonb_build_object(
      'manager_installed', result is not null,
      'doc', 'monitoring.md#partitions-and-retention',
      'tables', (select coalesce(jsonb_agg(x order by x->>'status' = 'ok', x->>'table'), '[]') from (
        select jsonb_build_object('table', t.rel, 'partitions', t.n, 'has_default', t.has_default,
            'oldest', t.lo, 'covered_until', t.hi,
            'ahead_days', round((extract(epoch from t.hi - now()) / 86400)::numeric, 2),
            'target_days', t.target_days, 'registered', reg is not null, 'last_error', reg->>'last_error',
            'status', case when t.hi is null or t.hi <= now() then 'uncovered'
                           when t.target_days is not null and t.hi < now() + t.target_days * interval '1 day' then 'short'
                           else 'ok' end) as x
        from (
          select format('%I.%I', pn.nspname, pc.relname) as rel, count(ch.oid) as n,
            bool_or(pg_catalog.pg_get_expr(ch.relpartbound, ch.oid) = 'DEFAULT') as has_default,
            min(b.lo) as lo, max(b.hi) as hi,
            -- Registered tables: premake periods beyond the current one; the monitoring history tables: partition_premake_days.
            coalesce(
              (select (r->>'premake')::numeric * case r->>'period' when 'day' then 1 when 'week' then 7 when 'month' then 28 else 365 end
               from (select result -> format('%I.%I', pn.nspname, pc.relname) as r) rr where rr.r is not null),
              case when pn.nspname = 'ops' and pc.relname in ('query_stats_history', 'query_performance_logs', 'index_usage_snapshots', 'table_bloat_snapshots')
                then (select ops.monitoring_setting('partition_premake_days'))::numeric end) as target_days
          from pg_catalog.pg_partitioned_table pt
          join pg_catalog.pg_class pc on pc.oid = pt.partrelid
          join pg_catalog.pg_namespace pn on pn.oid = pc.relnamespace
          join pg_catalog.pg_attribute att on att.attrelid = pt.partrelid and att.attnum = pt.partattrs[0]
          left join pg_catalog.pg_inherits i on i.inhparent = pc.oid
          left join pg_catalog.pg_class ch on ch.oid = i.inhrelid
          -- Range bounds as text; the key type is a time type, so the casts below cannot fail.
          left join lateral (select m[1]::timestamptz as lo, m[2]::timestamptz as hi
                             from pg_catalog.regexp_match(pg_catalog.pg_get_expr(ch.relpartbound, ch.oid),
                               '^FOR VALUES FROM \(''([^'']*)''\) TO \(''([^'']*)''\)$') m) b on true
          where pt.partstrat = 'r' and pt.partnatts = 1 and pc.relkind = 'p'
            and att.atttypid in ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)
            and pn.nspname <> all (ops.monitoring_excluded_schemas())
          group by pn.nspname, pc.relname
        ) t
        left join lateral (select result -> t.rel as reg) rg on true) y));

  elsif p_section = 'alerts' then
    return head || jsonb_build_object(
      'doc', 'monitoring.md#alert-lifecycle',
      'open', (select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'alert_type', a.alert_type, 'severity', a.severity,
          'object', a.object_name, 'message', a.message, 'value', a.value, 'occurrences', a.occurrences,
          'created_at', a.created_at, 'last_seen_at', a.last_seen_at, 'fix', adv.fix, 'doc', adv.doc)
          order by (a.severity = 'critical') desc, a.created_at desc), '[]')
        from (select * from ops.performance_alerts p where p.resolved_at is null order by p.created_at desc limit 200) a
        left join ops.dashboard_advice() adv on adv.check_name = a.alert_type),
      'resolved', (select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'alert_type', a.alert_type, 'severity', a.severity,
          'object', a.object_name, 'message', a.message, 'created_at', a.created_at, 'resolved_at', a.resolved_at,
          'resolved_by', a.resolved_by, 'doc', adv.doc) order by a.resolved_at desc), '[]')
        from (select * from ops.performance_alerts r where r.resolved_at > since order by r.resolved_at desc limit 100) a
        left join ops.dashboard_advice() adv on adv.check_name = a.alert_type),
      -- Opened and resolved per bucket, 48 buckets across the window: the alert timeline plot.
      'timeline', (
        with b as (select since + n * (p_window / 48) as at from generate_series(0, 47) n)
        select jsonb_build_object(
          't', jsonb_agg(extract(epoch from b.at)::bigint order by b.at),
          'opened', jsonb_agg((select count(*) from ops.performance_alerts a
                               where a.created_at >= b.at and a.created_at < b.at + p_window / 48) order by b.at),
          'resolved', jsonb_agg((select count(*) from ops.performance_alerts a
                                 where a.resolved_at >= b.at and a.resolved_at < b.at + p_window / 48) order by b.at))
        from b));
  end if;

  -- coordination
  return head || jsonb_build_object(
    'doc', 'coordination.md#circuit-breakers',
    'breakers', (select coalesce(jsonb_agg(jsonb_build_object('service', s.service_name, 'state', s.state,
        'calls', s.call_count, 'failures', s.failure_count, 'failure_rate', s.failure_rate, 'slow_call_rate', s.slow_call_rate,
        'last_state_change', s.last_state_change, 'last_failure_time', s.last_failure_time,
        'transitions', (select count(*) from ops.circuit_breaker_history h where h.service_name = s.service_name and h.changed_at > since))
        order by (s.state <> 'closed') desc, s.service_name), '[]')
      from public.circuit_breaker_states s),
    -- Hot locks: leases held now, longest held first, and sessions waiting on Postgres locks.
    'locks', (select coalesce(jsonb_agg(jsonb_build_object('key', l.lock_key, 'holder', l.lock_holder, 'token', l.fencing_token::text,
        'held_seconds', round(extract(epoch from now() - l.acquired_at)), 'expires_in_seconds', round(extract(epoch from l.expires_at - now())))
        order by l.acquired_at), '[]')
      from (select * from ops.distributed_locks d where d.lock_holder is not null and d.expires_at > now() order by d.acquired_at limit 50) l),
    'locks_doc', 'coordination.md#distributed-locks',
    'blocking', (select coalesce(jsonb_agg(to_jsonb(b)), '[]') from ops.blocking_chains() b));
end
$$;

revoke execute on function ops.dashboard_advice(), ops.dashboard_series(timestamptz[], numeric[]), ops.dashboard(text, interval)
  from public, anon, authenticated;
grant execute on function ops.dashboard_advice(), ops.dashboard_series(timestamptz[], numeric[]), ops.dashboard(text, interval)
  to service_role;
