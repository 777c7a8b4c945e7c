-- Query statistics history from pg_stat_statements. Each snapshot stores per-interval deltas by
-- (queryid, userid, dbid, toplevel) of this database. The view is never reset: deltas come from
-- comparing with the previous snapshot's counters. Resets (pg_stat_statements_info.stats_reset)
-- and evictions (its dealloc counter) mark the interval instead of producing negative deltas.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table ops.query_stat_snapshots (
  id bigint generated always as identity primary key,
  captured_at timestamptz not null default now(),
  interval_start timestamptz,
  -- baseline: first snapshot, counters recorded, no deltas. complete: exact deltas.
  -- reset: pg_stat_statements was reset inside the interval; deltas count only from the reset.
  -- evictions: entries were deallocated inside the interval; their calls since the last snapshot
  -- are lost and an evicted entry that came back may be under-counted.
  status text not null check (status in ('baseline', 'complete', 'reset', 'evictions')),
  stats_reset timestamptz,
  dealloc bigint,
  evicted bigint,
  -- Entries the view held, and how many had activity in the interval.
  -- squawk-ignore prefer-bigint-over-int
  entries integer not null,
  -- squawk-ignore prefer-bigint-over-int
  active_entries integer not null default 0,
  -- Database-wide counters (pg_stat_database), cumulative, for interval cache hit ratio.
  db_blks_hit bigint,
  db_blks_read bigint,
  db_xact_commit bigint,
  db_xact_rollback bigint,
  db_stats_reset timestamptz,
  capture_ms numeric
);
create index query_stat_snapshots_captured_idx on ops.query_stat_snapshots (captured_at);
comment on table ops.query_stat_snapshots is 'One row per pg_stat_statements snapshot, with the quality of its interval.';

-- The previous snapshot's cumulative counters, one row per entry: the base of the next deltas.
create table ops.query_stats_last (
  userid oid not null,
  dbid oid not null,
  toplevel boolean not null,
  queryid bigint not null,
  calls bigint not null,
  total_exec_time double precision not null,
  total_plan_time double precision not null,
  rows bigint not null,
  shared_blks_hit bigint not null,
  shared_blks_read bigint not null,
  shared_blks_dirtied bigint not null,
  shared_blks_written bigint not null,
  temp_blks_read bigint not null,
  temp_blks_written bigint not null,
  blk_read_time double precision not null,
  blk_write_time double precision not null,
  wal_bytes numeric not null,
  primary key (userid, dbid, toplevel, queryid)
);

create table ops.query_stats_history (
  snapshot_id bigint not null,
  captured_at timestamptz not null,
  userid oid not null,
  dbid oid not null,
  toplevel boolean not null,
  queryid bigint not null,
  calls bigint not null,
  total_exec_time double precision not null,
  total_plan_time double precision not null,
  rows bigint not null,
  shared_blks_hit bigint not null,
  shared_blks_read bigint not null,
  shared_blks_dirtied bigint not null,
  shared_blks_written bigint not null,
  temp_blks_read bigint not null,
  temp_blks_written bigint not null,
  blk_read_time double precision not null,
  blk_write_time double precision not null,
  wal_bytes numeric not null,
  -- Largest single execution since the entry was created (not per interval: the view keeps no
  -- per-interval maximum).
  max_exec_time double precision not null,
  -- The entry was (re)created inside the interval, so these values are its whole counters.
  counters_restarted boolean not null default false,
  primary key (captured_at, snapshot_id, userid, dbid, toplevel, queryid)
) partition by range (captured_at);
create index query_stats_history_queryid_idx on ops.query_stats_history (queryid, captured_at);
comment on table ops.query_stats_history is 'Per-interval pg_stat_statements deltas by (queryid, userid, dbid, toplevel). Daily partitions.';

-- Normalised query text, fetched once per queryid (reading texts means reading the whole file).
create table ops.query_texts (
  dbid oid not null,
  queryid bigint not null,
  query text not null,
  first_seen_at timestamptz not null default now(),
  primary key (dbid, queryid)
);

alter table ops.query_stat_snapshots enable row level security;
alter table ops.query_stats_last enable row level security;
alter table ops.query_stats_history enable row level security;
alter table ops.query_texts enable row level security;
revoke all on ops.query_stat_snapshots, ops.query_stats_last, ops.query_stats_history, ops.query_texts
  from public, anon, authenticated;
grant select on ops.query_stat_snapshots, ops.query_stats_last, ops.query_stats_history, ops.query_texts
  to service_role;

select ops.ensure_time_partitions('ops.query_stats_history', 'day', now() - interval '1 day', 9);

-- Take one snapshot. SECURITY DEFINER: reading every role's statements needs pg_read_all_stats
-- (the owner, postgres, has it on Supabase), and service_role is not granted that role itself.
create function ops.capture_query_stats()
returns bigint
language plpgsql volatile security definer set search_path = '' as $$
declare
  started timestamptz := clock_timestamp();
  -- clock_timestamp(): two snapshots in one transaction (tests) must not collide.
  ts timestamptz := started;
  prev ops.query_stat_snapshots;
  info record;
  db record;
  snap_id bigint;
  snap_status text;
  n_entries integer;
  n_active integer;
  my_db oid;
begin
  -- One capture at a time: concurrent ones would compute deltas against the same base twice.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ops.capture_query_stats'));
  perform ops.ensure_time_partitions('ops.query_stats_history', 'day', ts, 2);

  select oid into my_db from pg_catalog.pg_database where datname = pg_catalog.current_database();
  select i.stats_reset, i.dealloc into info from extensions.pg_stat_statements_info i;
  select d.blks_hit, d.blks_read, d.xact_commit, d.xact_rollback, d.stats_reset into db
  from pg_catalog.pg_stat_database d where d.datid = my_db;
  select * into prev from ops.query_stat_snapshots order by id desc limit 1;

  snap_status := case
    when prev.id is null then 'baseline'
    when info.stats_reset is distinct from prev.stats_reset then 'reset'
    when info.dealloc > prev.dealloc then 'evictions'
    else 'complete' end;

  insert into ops.query_stat_snapshots (captured_at, interval_start, status, stats_reset, dealloc, evicted, entries,
    db_blks_hit, db_blks_read, db_xact_commit, db_xact_rollback, db_stats_reset)
  values (ts, prev.captured_at, snap_status, info.stats_reset, info.dealloc,
    case when snap_status in ('complete', 'evictions') then info.dealloc - prev.dealloc end, 0,
    db.blks_hit, db.blks_read, db.xact_commit, db.xact_rollback, db.stats_reset)
  returning id into snap_id;

  -- The view, read once without texts (cheap), for this database only.
  with cur as materialized (
    select s.userid, s.dbid, s.toplevel, s.queryid, s.calls, s.total_exec_time, s.total_plan_time, s.rows,
      s.shared_blks_hit, s.shared_blks_read, s.shared_blks_dirtied, s.shared_blks_written,
      s.temp_blks_read, s.temp_blks_written, s.blk_read_time, s.blk_write_time, s.wal_bytes, s.max_exec_time
    from extensions.pg_stat_statements(false) s
    where s.dbid = my_db and s.queryid is not null
  ),
  -- A delta is exact when the entry existed at the previous snapshot with no more calls than now;
  -- otherwise (new, re-created, or everything reset) the entry's counters are all inside the interval.
  diff as (
    select c.*, l.calls as last_calls,
      (l.queryid is null or c.calls < l.calls or snap_status = 'reset') as restarted
    from cur c
    left join ops.query_stats_last l using (userid, dbid, toplevel, queryid)
  ),
  ins as (
    insert into ops.query_stats_history (snapshot_id, captured_at, userid, dbid, toplevel, queryid, calls,
      total_exec_time, total_plan_time, rows, shared_blks_hit, shared_blks_read, shared_blks_dirtied,
      shared_blks_written, temp_blks_read, temp_blks_written, blk_read_time, blk_write_time, wal_bytes,
      max_exec_time, counters_restarted)
    select snap_id, ts, d.userid, d.dbid, d.toplevel, d.queryid,
      case when d.restarted then d.calls else d.calls - l.calls end,
      case when d.restarted then d.total_exec_time else d.total_exec_time - l.total_exec_time end,
      case when d.restarted then d.total_plan_time else d.total_plan_time - l.total_plan_time end,
      case when d.restarted then d.rows else d.rows - l.rows end,
      case when d.restarted then d.shared_blks_hit else d.shared_blks_hit - l.shared_blks_hit end,
      case when d.restarted then d.shared_blks_read else d.shared_blks_read - l.shared_blks_read end,
      case when d.restarted then d.shared_blks_dirtied else d.shared_blks_dirtied - l.shared_blks_dirtied end,
      case when d.restarted then d.shared_blks_written else d.shared_blks_written - l.shared_blks_written end,
      case when d.restarted then d.temp_blks_read else d.temp_blks_read - l.temp_blks_read end,
      case when d.restarted then d.temp_blks_written else d.temp_blks_written - l.temp_blks_written end,
      case when d.restarted then d.blk_read_time else d.blk_read_time - l.blk_read_time end,
      case when d.restarted then d.blk_write_time else d.blk_write_time - l.blk_write_time end,
      case when d.restarted then d.wal_bytes else d.wal_bytes - l.wal_bytes end,
      d.max_exec_time, d.restarted
    from diff d
    left join ops.query_stats_last l using (userid, dbid, toplevel, queryid)
    where snap_status <> 'baseline'
      and (d.restarted or d.calls > d.last_calls)
      and d.calls > 0
    returning 1
  )
  select (select count(*) from cur), (select count(*) from ins) into n_entries, n_active;

  -- The new base: the whole view as it is now.
  delete from ops.query_stats_last;
  insert into ops.query_stats_last
  select s.userid, s.dbid, s.toplevel, s.queryid, s.calls, s.total_exec_time, s.total_plan_time, s.rows,
    s.shared_blks_hit, s.shared_blks_read, s.shared_blks_dirtied, s.shared_blks_written,
    s.temp_blks_read, s.temp_blks_written, s.blk_read_time, s.blk_write_time, s.wal_bytes
  from extensions.pg_stat_statements(false) s
  where s.dbid = my_db and s.queryid is not null
  on conflict do nothing;

  -- Texts only for queryids never seen before: one read of the text file, and only when needed.
  if exists (
    select from ops.query_stats_last l
    where not exists (select from ops.query_texts t where t.dbid = l.dbid and t.queryid = l.queryid)
  ) then
    insert into ops.query_texts (dbid, queryid, query, first_seen_at)
    select distinct on (s.dbid, s.queryid) s.dbid, s.queryid, left(s.query, 20000), ts
    from extensions.pg_stat_statements(true) s
    where s.dbid = my_db and s.queryid is not null and s.query is not null
      and not exists (select from ops.query_texts t where t.dbid = s.dbid and t.queryid = s.queryid)
    order by s.dbid, s.queryid, s.calls desc
    on conflict do nothing;
  end if;

  update ops.query_stat_snapshots
  set entries = n_entries, active_entries = n_active,
      capture_ms = extract(epoch from clock_timestamp() - started) * 1000
  where id = snap_id;
  return snap_id;
end
$$;

-- Shared argument checks, so every reader rejects nonsense the same way.
create function ops.check_window_hours(p_fn text, p_hours numeric)
returns void
language plpgsql immutable set search_path = '' as $$
begin
  if p_hours is null or p_hours <= 0 or p_hours > 8784 then
    raise exception '%: hours must be > 0 and at most 8784 (one year), got %', p_fn, p_hours
      using errcode = 'invalid_parameter_value';
  end if;
end
$$;

create function ops.check_threshold_ms(p_fn text, p_ms numeric)
returns void
language plpgsql immutable set search_path = '' as $$
begin
  if p_ms is null or p_ms < 0 or p_ms > 86400000 then
    raise exception '%: threshold must be between 0 and 86400000 ms (one day), got %', p_fn, p_ms
      using errcode = 'invalid_parameter_value';
  end if;
end
$$;

-- Top queries over any window of history, ranked by total time, mean time or calls.
-- incomplete = the window contains a reset or eviction interval (figures are a lower bound).
create function ops.top_queries(
  p_from timestamptz,
  p_to timestamptz default now(),
  p_order_by text default 'total_time',
  p_limit integer default 20,
  p_toplevel_only boolean default true
) returns table (
  queryid bigint, query text, calls bigint, total_exec_ms numeric, mean_exec_ms numeric, rows bigint,
  share_of_total_pct numeric, cache_hit_pct numeric, temp_blks_written bigint, intervals bigint,
  last_seen_at timestamptz, incomplete boolean
)
language plpgsql stable set search_path = '' as $$
begin
  if p_from is null or p_to is null or p_from >= p_to then
    raise exception 'top_queries: the window must have from < to, got % .. %', p_from, p_to
      using errcode = 'invalid_parameter_value';
  end if;
  if p_to - p_from > interval '366 days' then
    raise exception 'top_queries: the window is at most 366 days, got %', p_to - p_from
      using errcode = 'invalid_parameter_value';
  end if;
  if p_order_by is null or p_order_by not in ('total_time', 'mean_time', 'calls') then
    raise exception 'top_queries: order_by must be total_time, mean_time or calls, got %', p_order_by
      using errcode = 'invalid_parameter_value';
  end if;
  if p_limit is null or p_limit < 1 or p_limit > 1000 then
    raise exception 'top_queries: limit must be between 1 and 1000, got %', p_limit
      using errcode = 'invalid_parameter_value';
  end if;
  return query
  with w as (
    select h.queryid, h.dbid, sum(h.calls)::bigint as calls, sum(h.total_exec_time) as total_ms,
      sum(h.rows)::bigint as rows, sum(h.shared_blks_hit) as hit, sum(h.shared_blks_read) as rd,
      sum(h.temp_blks_written)::bigint as temp_w, count(distinct h.snapshot_id) as intervals,
      max(h.captured_at) as last_seen
    from ops.query_stats_history h
    where h.captured_at > p_from and h.captured_at <= p_to and (h.toplevel or not p_toplevel_only)
    group by h.queryid, h.dbid
  ),
  total as (select nullif(sum(w.total_ms), 0) as ms from w),
  flagged as (
    select exists (select from ops.query_stat_snapshots s
      where s.captured_at > p_from and s.captured_at <= p_to and s.status in ('reset', 'evictions')) as any_gap
  )
  select w.queryid, t.query, w.calls, round(w.total_ms::numeric, 3),
    round((w.total_ms / nullif(w.calls, 0))::numeric, 3), w.rows,
    round((100 * w.total_ms / total.ms)::numeric, 2),
    round((100 * w.hit / nullif(w.hit + w.rd, 0))::numeric, 2), w.temp_w, w.intervals, w.last_seen, flagged.any_gap
  from w cross join total cross join flagged
  left join ops.query_texts t on t.dbid = w.dbid and t.queryid = w.queryid
  where w.calls > 0
  order by case p_order_by
    when 'total_time' then w.total_ms
    when 'mean_time' then w.total_ms / nullif(w.calls, 0)
    else w.calls end desc nulls last
  limit p_limit;
end
$$;

-- Queries whose mean execution time over the last hours_back hours is at least min_duration_ms.
create function ops.get_slow_queries(hours_back numeric default 24, min_duration_ms numeric default 500)
returns table (
  queryid bigint, query_text text, avg_duration_ms numeric, max_duration_ms numeric, execution_count bigint,
  total_duration_ms numeric, last_execution timestamptz, toplevel boolean, incomplete boolean
)
language plpgsql stable set search_path = '' as $$
begin
  perform ops.check_window_hours('get_slow_queries', hours_back);
  perform ops.check_threshold_ms('get_slow_queries', min_duration_ms);
  return query
  with w as (
    select h.queryid, h.dbid, h.toplevel, sum(h.calls) as calls, sum(h.total_exec_time) as total_ms,
      max(h.max_exec_time) as max_ms, max(h.captured_at) as last_seen
    from ops.query_stats_history h
    where h.captured_at > now() - hours_back * interval '1 hour'
    group by h.queryid, h.dbid, h.toplevel
  )
  select w.queryid, t.query, round((w.total_ms / w.calls)::numeric, 3), round(w.max_ms::numeric, 3),
    w.calls::bigint, round(w.total_ms::numeric, 3), w.last_seen, w.toplevel,
    exists (select from ops.query_stat_snapshots s
      where s.captured_at > now() - hours_back * interval '1 hour' and s.status in ('reset', 'evictions'))
  from w
  left join ops.query_texts t on t.dbid = w.dbid and t.queryid = w.queryid
  where w.calls > 0 and w.total_ms / w.calls >= min_duration_ms
  order by w.total_ms / w.calls desc
  limit 100;
end
$$;

-- Slow queries with the reason they are slow, from the same history: disk reads, temp spills,
-- row volume, planning time and share of the database's total execution time.
create function ops.analyze_slow_queries(threshold_ms numeric default 500, hours_back numeric default 24)
returns table (
  queryid bigint, query_text text, calls bigint, mean_ms numeric, total_ms numeric, share_of_total_pct numeric,
  cache_hit_pct numeric, temp_mb_written numeric, rows_per_call numeric, plan_ms_per_call numeric, findings text[]
)
language plpgsql stable set search_path = '' as $$
begin
  perform ops.check_threshold_ms('analyze_slow_queries', threshold_ms);
  perform ops.check_window_hours('analyze_slow_queries', hours_back);
  return query
  with w as (
    select h.queryid, h.dbid, sum(h.calls) as calls, sum(h.total_exec_time) as exec_ms,
      sum(h.total_plan_time) as plan_ms, sum(h.rows) as nrows, sum(h.shared_blks_hit) as hit,
      sum(h.shared_blks_read) as rd, sum(h.temp_blks_written) as temp_w
    from ops.query_stats_history h
    where h.captured_at > now() - hours_back * interval '1 hour' and h.toplevel
    group by h.queryid, h.dbid
  ),
  total as (select nullif(sum(w.exec_ms), 0) as ms from w),
  m as (
    select w.*, w.exec_ms / w.calls as mean, 100 * w.exec_ms / total.ms as share,
      100 * w.hit / nullif(w.hit + w.rd, 0) as hit_pct,
      w.temp_w * pg_catalog.current_setting('block_size')::numeric / 1048576 as temp_mb
    from w cross join total
    where w.calls > 0 and w.exec_ms / w.calls >= threshold_ms
  )
  select m.queryid, t.query, m.calls::bigint, round(m.mean::numeric, 3), round(m.exec_ms::numeric, 3),
    round(m.share::numeric, 2), round(m.hit_pct::numeric, 2), round(m.temp_mb, 2),
    round(m.nrows / m.calls, 1), round((m.plan_ms / m.calls)::numeric, 3),
    array_remove(array[
      case when m.hit_pct < 95 and m.rd > 1000 then
        format('reads from disk: %s%% buffer hits over %s blocks read', round(m.hit_pct::numeric, 1), m.rd) end,
      case when m.temp_w > 0 then
        format('spills %s MB to temp files: sorts/hashes exceed work_mem', round(m.temp_mb, 1)) end,
      case when m.nrows / m.calls > 10000 then
        format('returns %s rows per call: paginate or aggregate in SQL', round(m.nrows / m.calls)) end,
      case when m.plan_ms > 0.3 * (m.plan_ms + m.exec_ms) then
        'planning is over 30% of its time: use prepared statements or simplify' end,
      case when m.share > 20 then
        format('%s%% of all execution time in the window', round(m.share::numeric, 1)) end
    ], null)
  from m
  left join ops.query_texts t on t.dbid = m.dbid and t.queryid = m.queryid
  order by m.exec_ms desc
  limit 100;
end
$$;

revoke execute on function
  ops.capture_query_stats(),
  ops.check_window_hours(text, numeric),
  ops.check_threshold_ms(text, numeric),
  ops.top_queries(timestamptz, timestamptz, text, integer, boolean),
  ops.get_slow_queries(numeric, numeric),
  ops.analyze_slow_queries(numeric, numeric)
from public, anon, authenticated;
grant execute on function
  ops.capture_query_stats(),
  ops.check_window_hours(text, numeric),
  ops.check_threshold_ms(text, numeric),
  ops.top_queries(timestamptz, timestamptz, text, integer, boolean),
  ops.get_slow_queries(numeric, numeric),
  ops.analyze_slow_queries(numeric, numeric)
to service_role;
