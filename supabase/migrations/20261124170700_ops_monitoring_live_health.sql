-- Live health: what is happening right now. Long-running and idle-in-transaction sessions,
-- blocking lock chains, connection saturation by state, and the buffer cache hit ratio.
-- SECURITY DEFINER: pg_stat_activity shows other roles' queries only to pg_read_all_stats
-- members; the owner (postgres) is one on Supabase, service_role is not.
set lock_timeout = '5s';
set statement_timeout = '60s';

-- Sessions of this database that are active or idle in a transaction for at least p_min_seconds.
create function ops.long_running_sessions(p_min_seconds numeric default 60)
returns table (
  pid integer, usename text, application_name text, client_addr text, state text, wait_event_type text,
  wait_event text, query_seconds numeric, xact_seconds numeric, state_seconds numeric, backend_xmin_age integer,
  query text
)
language plpgsql stable security definer set search_path = '' as $$
begin
  if p_min_seconds is null or p_min_seconds < 0 or p_min_seconds > 31536000 then
    raise exception 'long_running_sessions: min_seconds must be between 0 and 31536000, got %', p_min_seconds
      using errcode = 'invalid_parameter_value';
  end if;
  return query
  select a.pid, a.usename::text, a.application_name, a.client_addr::text, a.state, a.wait_event_type, a.wait_event,
    round(extract(epoch from now() - a.query_start)::numeric, 1),
    round(extract(epoch from now() - a.xact_start)::numeric, 1),
    round(extract(epoch from now() - a.state_change)::numeric, 1),
    pg_catalog.age(a.backend_xmin), left(a.query, 2000)
  from pg_catalog.pg_stat_activity a
  where a.datname = pg_catalog.current_database() and a.backend_type = 'client backend'
    and a.pid <> pg_catalog.pg_backend_pid()
    and ((a.state = 'active' and now() - a.query_start >= p_min_seconds * interval '1 second')
      or (a.state like 'idle in transaction%' and now() - a.state_change >= p_min_seconds * interval '1 second'))
  order by least(a.query_start, a.xact_start);
end
$$;

-- Every waiting session with the sessions blocking it, and the root of its chain (the blocker
-- that waits on nobody): terminating the root frees the whole chain.
create function ops.blocking_chains()
returns table (
  blocked_pid integer, blocked_user text, waiting_seconds numeric, blocked_query text, blocking_pids integer[],
  root_pid integer, root_state text, root_query text, depth integer
)
language sql stable security definer set search_path = '' as $$
  with recursive waits as (
    select a.pid, pg_catalog.pg_blocking_pids(a.pid) as blockers
    from pg_catalog.pg_stat_activity a
    where a.datname = pg_catalog.current_database() and cardinality(pg_catalog.pg_blocking_pids(a.pid)) > 0
  ),
  chain as (
    select w.pid as start_pid, b as pid, 1 as depth, array[w.pid, b] as path
    from waits w, unnest(w.blockers) b
    union all
    select c.start_pid, b, c.depth + 1, c.path || b
    from chain c
    join waits w on w.pid = c.pid
    cross join lateral unnest(w.blockers) b
    where b <> all (c.path) and c.depth < 20
  ),
  roots as (
    select distinct on (c.start_pid) c.start_pid, c.pid as root_pid, c.depth
    from chain c
    where not exists (select from waits w where w.pid = c.pid)
    order by c.start_pid, c.depth desc
  )
  select a.pid, a.usename::text, round(extract(epoch from now() - coalesce(a.state_change, a.query_start))::numeric, 1),
    left(a.query, 2000), w.blockers, r.root_pid, ra.state, left(ra.query, 2000), r.depth
  from waits w
  join pg_catalog.pg_stat_activity a on a.pid = w.pid
  left join roots r on r.start_pid = w.pid
  left join pg_catalog.pg_stat_activity ra on ra.pid = r.root_pid
  order by 3 desc
$$;

-- Client connections by state against what the server can accept (max_connections minus the
-- reserved superuser slots), cluster-wide since the limit is cluster-wide.
create function ops.connection_saturation()
returns table (
  max_connections integer, reserved integer, usable integer, used integer, used_pct numeric, by_state jsonb,
  by_database jsonb
)
language sql stable security definer set search_path = '' as $$
  with a as (
    select coalesce(a.state, 'unknown') as state, a.datname
    from pg_catalog.pg_stat_activity a where a.backend_type = 'client backend'
  ),
  lim as (
    select pg_catalog.current_setting('max_connections')::int as mx,
      pg_catalog.current_setting('superuser_reserved_connections')::int as res
  )
  select lim.mx, lim.res, lim.mx - lim.res, (select count(*)::int from a),
    round(100.0 * (select count(*) from a) / nullif(lim.mx - lim.res, 0), 2),
    (select coalesce(jsonb_object_agg(s.state, s.n), '{}') from (select a.state, count(*) as n from a group by 1) s),
    (select coalesce(jsonb_object_agg(coalesce(s.datname::text, '(none)'), s.n), '{}')
       from (select a.datname, count(*) as n from a group by 1) s)
  from lim
$$;

-- Buffer cache hit ratios: since the last statistics reset (database, tables, indexes), and over
-- the last complete query-statistics snapshot interval (the figure the alert uses).
create function ops.cache_hit_ratio()
returns table (
  database_pct numeric, tables_pct numeric, indexes_pct numeric, stats_reset timestamptz,
  last_interval_pct numeric, last_interval_blocks bigint, last_interval_end timestamptz
)
language sql stable set search_path = '' as $$
  with d as (
    select round(100.0 * d.blks_hit / nullif(d.blks_hit + d.blks_read, 0), 3) as pct, d.stats_reset
    from pg_catalog.pg_stat_database d where d.datname = pg_catalog.current_database()
  ),
  t as (
    select round(100.0 * sum(s.heap_blks_hit) / nullif(sum(s.heap_blks_hit) + sum(s.heap_blks_read), 0), 3) as tpct,
      round(100.0 * sum(s.idx_blks_hit) / nullif(sum(s.idx_blks_hit) + sum(s.idx_blks_read), 0), 3) as ipct
    from pg_catalog.pg_statio_user_tables s
  ),
  i as (
    select s.captured_at,
      s.db_blks_hit - lag(s.db_blks_hit) over w as hit,
      s.db_blks_read - lag(s.db_blks_read) over w as rd,
      s.db_stats_reset is not distinct from lag(s.db_stats_reset) over w as same_epoch
    from ops.query_stat_snapshots s
    window w as (order by s.id)
  ),
  last as (
    select i.* from i where i.same_epoch and i.hit is not null order by i.captured_at desc limit 1
  )
  select d.pct, t.tpct, t.ipct, d.stats_reset,
    (select round(100.0 * last.hit / nullif(last.hit + last.rd, 0), 3) from last),
    (select last.hit + last.rd from last), (select last.captured_at from last)
  from d cross join t
$$;

revoke execute on function
  ops.long_running_sessions(numeric),
  ops.blocking_chains(),
  ops.connection_saturation(),
  ops.cache_hit_ratio()
from public, anon, authenticated;
grant execute on function
  ops.long_running_sessions(numeric),
  ops.blocking_chains(),
  ops.connection_saturation(),
  ops.cache_hit_ratio()
to service_role;
