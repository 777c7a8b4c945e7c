-- ops.report(): one JSON document over everything monitoring knows, by section. The
-- `performance` edge function returns it (GET ?metric=summary|slow_queries|bloat|indexes|alerts).
set lock_timeout = '5s';
set statement_timeout = '60s';

create function ops.report(p_section text default 'summary', p_hours numeric default 24, p_min_ms numeric default null)
returns jsonb
language plpgsql stable set search_path = '' as $$
-- queryids are 64-bit: they are emitted as strings so JavaScript consumers keep every digit.
declare
  min_ms numeric := coalesce(p_min_ms, (select t.warn_threshold from ops.alert_threshold('slow_query') t), 500);
  since timestamptz;
  head jsonb;
begin
  if p_section is null or p_section not in ('summary', 'slow_queries', 'bloat', 'indexes', 'alerts') then
    raise exception 'report: section must be summary, slow_queries, bloat, indexes or alerts, got %', p_section
      using errcode = 'invalid_parameter_value';
  end if;
  perform ops.check_window_hours('report', p_hours);
  perform ops.check_threshold_ms('report', min_ms);
  since := now() - p_hours * interval '1 hour';
  head := jsonb_build_object('section', p_section, 'generated_at', now(), 'database', pg_catalog.current_database(),
    'window_hours', p_hours);

  if p_section = 'slow_queries' then
    return head || jsonb_build_object(
      'min_ms', min_ms,
      'slow_queries', (select coalesce(jsonb_agg(to_jsonb(s) || jsonb_build_object('queryid', s.queryid::text)), '[]') from ops.get_slow_queries(p_hours, min_ms) s),
      'analysis', (select coalesce(jsonb_agg(to_jsonb(a) || jsonb_build_object('queryid', a.queryid::text)), '[]') from ops.analyze_slow_queries(min_ms, p_hours) a),
      'top_by_total_time', (select coalesce(jsonb_agg(to_jsonb(t) || jsonb_build_object('queryid', t.queryid::text)), '[]') from ops.top_queries(since, now(), 'total_time', 20) t),
      'query_logs', (select to_jsonb(l) from ops.query_log_stats(p_hours) l),
      'intervals', (select jsonb_build_object('count', count(*),
          'incomplete', count(*) filter (where s.status in ('reset', 'evictions')), 'last', max(s.captured_at))
        from ops.query_stat_snapshots s where s.captured_at > since));
  elsif p_section = 'bloat' then
    return head || jsonb_build_object(
      'snapshot_at', (select max(b.snapshot_timestamp) from ops.table_bloat_snapshots b),
      'relations', (select coalesce(jsonb_agg(b order by b.bloat_bytes desc), '[]')
        from (select * from ops.latest_bloat(0) x where x.bloat_bytes > 0 order by x.bloat_bytes desc limit 100) b),
      'dead_tuples', (select coalesce(jsonb_agg(to_jsonb(t) || jsonb_build_object('total_bytes',
          pg_catalog.pg_total_relation_size(format('%I.%I', t.schemaname, t.tablename)::regclass)) order by t.dead_tuples desc), '[]')
        from (select * from ops.table_health() h where h.dead_tuples > 0 order by h.dead_tuples desc limit 50) t),
      'wraparound', (select to_jsonb(w) from ops.wraparound_status() w),
      'sequences', (select coalesce(jsonb_agg(s order by s.pct_used desc), '[]')
        from (select * from ops.sequence_health() q order by q.pct_used desc limit 20) s));
  elsif p_section = 'indexes' then
    return head || jsonb_build_object(
      'unused', (select coalesce(jsonb_agg(u), '[]')
        from ops.detect_unused_indexes((select t.warn_threshold from ops.alert_threshold('unused_index') t)) u),
      'duplicates', (select coalesce(jsonb_agg(d), '[]') from ops.duplicate_indexes() d),
      'invalid', (select coalesce(jsonb_agg(i), '[]') from ops.invalid_indexes() i),
      'unindexed_foreign_keys', (select coalesce(jsonb_agg(f), '[]') from ops.unindexed_foreign_keys() f),
      'history', (select jsonb_build_object('indexes_tracked', count(*), 'first_snapshot', min(s.first_seen_at),
          'last_snapshot', max(s.last_snapshot_at)) from ops.index_usage_state s));
  elsif p_section = 'alerts' then
    return head || jsonb_build_object(
      'open', (select coalesce(jsonb_agg(a order by a.created_at desc), '[]')
        from ops.performance_alerts a where a.resolved_at is null),
      'resolved', (select coalesce(jsonb_agg(a order by a.resolved_at desc), '[]')
        from (select * from ops.performance_alerts r where r.resolved_at > since order by r.resolved_at desc limit 100) a),
      'last_evaluation', (select to_jsonb(e) from ops.alert_evaluations e order by e.id desc limit 1));
  end if;

  return head || jsonb_build_object(
    'queries', jsonb_build_object(
      'top_by_total_time', (select coalesce(jsonb_agg(to_jsonb(t) || jsonb_build_object('queryid', t.queryid::text)), '[]') from ops.top_queries(since, now(), 'total_time', 5) t),
      'slow_count', (select count(*) from ops.get_slow_queries(p_hours, min_ms)),
      'min_ms', min_ms,
      'last_snapshot', (select jsonb_build_object('at', s.captured_at, 'status', s.status, 'entries', s.entries)
        from ops.query_stat_snapshots s order by s.id desc limit 1)),
    'query_logs', (select to_jsonb(l) from ops.query_log_stats(p_hours) l),
    'indexes', jsonb_build_object(
      'unused', (select count(*) from ops.detect_unused_indexes((select t.warn_threshold from ops.alert_threshold('unused_index') t))),
      'duplicates', (select count(*) from ops.duplicate_indexes()),
      'invalid', (select count(*) from ops.invalid_indexes()),
      'unindexed_foreign_keys', (select count(*) from ops.unindexed_foreign_keys())),
    'tables', jsonb_build_object(
      'most_bloated', (select coalesce(jsonb_agg(jsonb_build_object('relation', format('%I.%I', b.schemaname, coalesce(b.indexname, b.tablename)),
          'relkind', b.relkind, 'method', b.method, 'bloat_pct', b.bloat_pct, 'bloat_bytes', b.bloat_bytes)), '[]')
        from (select * from ops.latest_bloat(0) x where x.bloat_bytes > 0 order by x.bloat_bytes desc limit 5) b),
      'wraparound', (select jsonb_build_object('xid_pct', w.xid_pct, 'mxid_pct', w.mxid_pct) from ops.wraparound_status() w),
      'sequences_over_warn', (select count(*) from ops.sequence_health() s
        where s.pct_used > (select t.warn_threshold from ops.alert_threshold('sequence_exhaustion') t))),
    'live', jsonb_build_object(
      'connections', (select to_jsonb(c) from ops.connection_saturation() c),
      'long_running', (select count(*) from ops.long_running_sessions(
        (select t.warn_threshold from ops.alert_threshold('long_running_query') t)) l where l.state = 'active'),
      'idle_in_transaction', (select count(*) from ops.long_running_sessions(
        (select t.warn_threshold from ops.alert_threshold('idle_in_transaction') t)) l where l.state like 'idle in transaction%'),
      'blocked', (select count(*) from ops.blocking_chains()),
      'cache_hit', (select to_jsonb(c) from ops.cache_hit_ratio() c)),
    'alerts', jsonb_build_object(
      'open_by_severity', (select coalesce(jsonb_object_agg(s.severity, s.n), '{}')
        from (select a.severity, count(*) as n from ops.performance_alerts a where a.resolved_at is null group by 1) s),
      'open', (select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'alert_type', a.alert_type, 'severity', a.severity,
          'object', a.object_name, 'message', a.message, 'occurrences', a.occurrences, 'since', a.created_at)), '[]')
        from (select * from ops.performance_alerts p where p.resolved_at is null
          order by (p.severity = 'critical') desc, p.created_at desc limit 20) a)));
end
$$;

revoke execute on function ops.report(text, numeric, numeric) from public, anon, authenticated;
grant execute on function ops.report(text, numeric, numeric) to service_role;
