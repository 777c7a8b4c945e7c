-- Two-tier bloat measurement, stored in table_bloat_snapshots with the method that produced it.
-- Tier 1 (method 'estimate'): a statistical estimate for every table and btree index from the
--   catalog: pg_stats widths and the reltuples/relpages pair. Cheap; flagged when column stats
--   are missing or stale. Unlike the classic estimator it sizes btree indexes from their live
--   entries and real tuple layout, so the sparse leaf pages a bulk delete leaves behind show up.
-- Tier 2 (methods 'pgstattuple_approx', 'pgstatindex'): the top tier-1 candidates measured for
--   real, within a time budget.
-- bloat_pct is waste as a share of the relation's current size (the unit of pgstattuple's
-- free_percent), not the seed's ratio to the estimated size.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table ops.table_bloat_snapshots (
  snapshot_timestamp timestamptz not null,
  relid oid not null,
  schemaname text not null,
  tablename text not null,
  indexname text,
  relkind text not null check (relkind in ('table', 'index')),
  method text not null check (method in ('estimate', 'pgstattuple_approx', 'pgstatindex')),
  actual_size_bytes bigint not null,
  -- Size the relation would have without waste (never above the actual size).
  estimated_size_bytes bigint not null,
  bloat_bytes bigint generated always as (actual_size_bytes - estimated_size_bytes) stored,
  bloat_pct numeric not null,
  -- Tier 1 only: ok, stale (many changes since ANALYZE) or missing (columns never analysed).
  stats_quality text check (stats_quality in ('ok', 'stale', 'missing')),
  live_tuples bigint,
  dead_tuples bigint,
  last_vacuum timestamptz,
  last_autovacuum timestamptz,
  last_analyze timestamptz,
  last_autoanalyze timestamptz,
  -- age() and mxid_age() return integer (ages are below 2^31 by construction).
  -- squawk-ignore prefer-bigint-over-int
  xid_age integer,
  -- squawk-ignore prefer-bigint-over-int
  mxid_age integer,
  duration_ms numeric,
  details jsonb not null default '{}',
  primary key (snapshot_timestamp, relid, method)
) partition by range (snapshot_timestamp);
create index table_bloat_snapshots_name_idx on ops.table_bloat_snapshots (schemaname, tablename, snapshot_timestamp);
comment on table ops.table_bloat_snapshots is 'Table and btree index bloat per snapshot, tier 1 (estimate) and tier 2 (pgstattuple), plus vacuum state. Daily partitions.';

alter table ops.table_bloat_snapshots enable row level security;
revoke all on ops.table_bloat_snapshots from public, anon, authenticated;
grant select on ops.table_bloat_snapshots to service_role;

select ops.ensure_time_partitions('ops.table_bloat_snapshots', 'day', now() - interval '1 day', 9);

create function ops.typalign_bytes(p_align "char")
returns integer
language sql immutable set search_path = '' as $$
  select case p_align when 'c' then 1 when 's' then 2 when 'i' then 4 else 8 end
$$;

-- Tier 1 for tables and materialized views.
create function ops.estimate_table_bloat()
returns table (
  relid oid, schemaname text, tablename text, actual_bytes bigint, expected_bytes bigint, bloat_pct numeric,
  live_tuples bigint, stats_quality text, details jsonb
)
language sql stable set search_path = '' as $$
  -- Settings read once, not per catalog row.
  with cfg as materialized (
    select ops.monitoring_setting('bloat_min_bytes')::bigint as min_bytes, ops.monitoring_excluded_schemas() as excluded,
      pg_catalog.current_setting('block_size')::int as bs
  ),
  t as materialized (
    select c.oid, n.nspname, c.relname, c.reltuples,
      pg_catalog.current_setting('block_size')::int as bs,
      coalesce((select substr(o, 12)::int from unnest(c.reloptions) o where o like 'fillfactor=%'), 100) as ff,
      pg_catalog.pg_relation_size(c.oid) as actual,
      -- Live tuples and pages as one consistent pair: VACUUM and ANALYZE write reltuples and
      -- relpages together. n_live_tup is only a fallback for never-analysed tables: it can be
      -- far off (a session's own unflushed counters land after its VACUUM has set the count).
      case when c.reltuples >= 0 then c.reltuples::bigint else pg_catalog.pg_stat_get_live_tuples(c.oid) end as live,
      case when c.reltuples >= 0 and c.relpages > 0 then c.relpages::bigint
        else ceil(pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::numeric)::bigint end as basis_pages,
      c.reltuples >= 0 as from_reltuples,
      pg_catalog.pg_stat_get_mod_since_analyze(c.oid) as mods
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    cross join cfg
    where c.relkind in ('r', 'm') and n.nspname <> all (cfg.excluded)
      -- Small by the catalog: not worth a file-size call, a pg_stats read or a row. Never-analysed
      -- tables (reltuples < 0) have no trustworthy relpages, so they are always looked at.
      and (c.relpages::bigint * cfg.bs >= cfg.min_bytes or c.reltuples < 0)
  ),
  -- pg_stats (a view with a privilege check per row) read for these tables only.
  st as materialized (
    select st.schemaname, st.tablename, st.attname, st.avg_width, st.null_frac
    from pg_catalog.pg_stats st
    where (st.schemaname, st.tablename) in (select t.nspname, t.relname from t)
  ),
  cols as (
    select t.oid, count(*) as natts, count(st.avg_width) as natts_with_stats,
      bool_or(coalesce(st.null_frac, 0) > 0) as has_nulls,
      -- Fixed-width columns padded to their alignment; varlena at their average stored width.
      sum(case
        when a.attlen > 0 then ceil(a.attlen::numeric / ops.typalign_bytes(a.attalign)) * ops.typalign_bytes(a.attalign)
          * (1 - coalesce(st.null_frac, 0)::numeric)
        else coalesce(st.avg_width, 32)::numeric * (1 - coalesce(st.null_frac, 0)::numeric) end) as data_width
    from t
    join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attnum > 0 and not a.attisdropped
    left join st on st.schemaname = t.nspname and st.tablename = t.relname and st.attname = a.attname
    group by t.oid
  ),
  est as (
    select t.*, c.natts, c.natts_with_stats,
      -- Heap tuple: 23-byte header (+ null bitmap) aligned to 8, data aligned to 8, 4-byte line pointer.
      ceil((23 + case when c.has_nulls then ceil(c.natts / 8.0) else 0 end) / 8) * 8
        + ceil(coalesce(c.data_width, 0) / 8) * 8 + 4 as tuple_bytes,
      -- Inserts stop filling a page at fillfactor; a page has a 24-byte header.
      (t.bs - 24 - t.bs * (100 - t.ff) / 100.0) as usable
    from t left join cols c on c.oid = t.oid
  ),
  pages as (
    select e.*, least(291, floor(e.usable / e.tuple_bytes)) as per_page,
      case when e.live = 0 then 0 else ceil(e.live / least(291, floor(e.usable / e.tuple_bytes))) end as expected_pages
    from est e
  ),
  pct as (
    select p.*, case when p.basis_pages = 0 then 0::numeric
      else 100 * greatest(0, p.basis_pages - p.expected_pages) / p.basis_pages::numeric end as pct
    from pages p
  )
  -- Waste share from the consistent pair, applied to the current size.
  select p.oid, p.nspname::text, p.relname::text, p.actual,
    (p.actual - round(p.actual * p.pct / 100))::bigint, round(p.pct, 2),
    p.live,
    case when p.actual > 0 and coalesce(p.natts_with_stats, 0) < coalesce(p.natts, 0) then 'missing'
      when p.mods > greatest(1000, 0.2 * p.live) then 'stale'
      else 'ok' end,
    jsonb_build_object('tuple_bytes', p.tuple_bytes, 'tuples_per_page', p.per_page, 'expected_pages', p.expected_pages,
      'basis_pages', p.basis_pages, 'basis', case when p.from_reltuples then 'reltuples' else 'n_live_tup' end,
      'fillfactor', p.ff, 'columns_without_stats', coalesce(p.natts, 0) - coalesce(p.natts_with_stats, 0))
  from pct p
$$;

-- Tier 1 for btree indexes (other access methods are not estimated). Single-column non-unique indexes are
-- sized with deduplication (posting lists) when the opclass supports it and values repeat.
create function ops.estimate_index_bloat()
returns table (
  relid oid, schemaname text, tablename text, indexname text, actual_bytes bigint, expected_bytes bigint,
  bloat_pct numeric, live_tuples bigint, stats_quality text, details jsonb
)
language sql stable set search_path = '' as $$
  with cfg as materialized (
    select ops.monitoring_setting('bloat_min_bytes')::bigint as min_bytes, ops.monitoring_excluded_schemas() as excluded,
      pg_catalog.current_setting('block_size')::int as bs
  ),
  i as materialized (
    select ic.oid, n.nspname, tc.relname as tablename, ic.relname as indexname, x.indisunique,
      x.indnkeyatts, x.indnatts, x.indpred is not null as partial,
      pg_catalog.current_setting('block_size')::int as bs,
      coalesce((select substr(o, 12)::int from unnest(ic.reloptions) o where o like 'fillfactor=%'), 90) as ff,
      coalesce((select substr(o, 21) from unnest(ic.reloptions) o where o like 'deduplicate_items=%'), 'on') as dedup_opt,
      pg_catalog.pg_relation_size(ic.oid) as actual,
      -- As for tables: the index's reltuples/relpages pair (written by CREATE INDEX, VACUUM and
      -- ANALYZE); the table's counts when the index has none yet.
      case when ic.reltuples >= 0 then ic.reltuples::bigint
        when tc.reltuples >= 0 and x.indpred is null then tc.reltuples::bigint
        else pg_catalog.pg_stat_get_live_tuples(tc.oid) end as live,
      case when ic.reltuples >= 0 and ic.relpages > 0 then ic.relpages::bigint
        else ceil(pg_catalog.pg_relation_size(ic.oid) / pg_catalog.current_setting('block_size')::numeric)::bigint end as basis_pages,
      pg_catalog.pg_stat_get_mod_since_analyze(tc.oid) as mods,
      x.indexrelid, x.indrelid, x.indkey, x.indclass
    from pg_catalog.pg_index x
    join pg_catalog.pg_class ic on ic.oid = x.indexrelid
    join pg_catalog.pg_class tc on tc.oid = x.indrelid
    join pg_catalog.pg_namespace n on n.oid = tc.relnamespace
    cross join cfg
    where ic.relkind = 'i' and ic.relam = 403 and x.indisvalid
      and n.nspname <> all (cfg.excluded)
      and (ic.relpages::bigint * cfg.bs >= cfg.min_bytes or ic.reltuples < 0)
  ),
  -- pg_stats for these indexes' tables (columns) and the indexes themselves (expressions) only.
  st as materialized (
    select st.schemaname, st.tablename, st.attname, st.avg_width, st.null_frac, st.n_distinct
    from pg_catalog.pg_stats st
    where (st.schemaname, st.tablename) in (select i.nspname, i.tablename from i union select i.nspname, i.indexname from i)
  ),
  -- Each index attribute: a table column (stats on the table) or an expression (stats on the index).
  cols as (
    select i.oid, count(*) as natts, count(st.avg_width) as natts_with_stats,
      bool_or(coalesce(st.null_frac, 0) > 0) as has_nulls,
      sum(case
        when ia.attlen > 0 then ceil(ia.attlen::numeric / ops.typalign_bytes(ia.attalign)) * ops.typalign_bytes(ia.attalign)
          * (1 - coalesce(st.null_frac, 0)::numeric)
        else coalesce(st.avg_width, 32)::numeric * (1 - coalesce(st.null_frac, 0)::numeric) end) as data_width,
      max(st.n_distinct::numeric) filter (where k.ord = 1) as n_distinct
    from i
    cross join lateral unnest(i.indkey::int2[]) with ordinality as k (attnum, ord)
    join pg_catalog.pg_attribute ia on ia.attrelid = i.indexrelid and ia.attnum = k.ord
    left join pg_catalog.pg_attribute ta on ta.attrelid = i.indrelid and ta.attnum = k.attnum and k.attnum > 0
    -- An equality key (hash join): column stats live on the table, expression stats on the index.
    left join st on st.schemaname = i.nspname
      and st.tablename = case when k.attnum > 0 then i.tablename else i.indexname end
      and st.attname = case when k.attnum > 0 then ta.attname else ia.attname end
    group by i.oid
  ),
  est as (
    select i.*, c.natts, c.natts_with_stats,
      -- Index tuple: 8-byte header (16 with a null bitmap), data aligned to 8, plus a 4-byte line pointer.
      (case when c.has_nulls then 16 else 8 end) + ceil(coalesce(c.data_width, 0) / 8) * 8 + 4 as tuple_bytes,
      case when c.n_distinct is null then null
        when c.n_distinct < 0 then greatest(1, -c.n_distinct * i.live)
        else greatest(1, least(c.n_distinct, i.live)) end as groups,
      -- Deduplication applies to non-unique, INCLUDE-free indexes with an equalimage opclass.
      (not i.indisunique and i.indnatts = 1 and i.dedup_opt not in ('off', 'false')
        and exists (select from pg_catalog.pg_opclass oc join pg_catalog.pg_amproc ap
          on ap.amprocfamily = oc.opcfamily and ap.amprocnum = 4
          where oc.oid = (i.indclass::oid[])[0])) as dedup,
      -- Leaf pages: 24-byte header, 16-byte btree special space, filled to fillfactor.
      (i.bs - 24 - 16) * i.ff / 100.0 as usable
    from i left join cols c on c.oid = i.oid
  ),
  sized as (
    select e.*,
      case when e.dedup and e.groups is not null and e.live >= 2 * e.groups
        -- One posting-list tuple per distinct value, 6 bytes per further heap pointer.
        then e.groups * e.tuple_bytes + (e.live - e.groups) * 6
        else e.live * e.tuple_bytes end as leaf_bytes
    from est e
  ),
  pages as (
    select s.*, ceil(s.leaf_bytes / s.usable) as leaf_pages,
      -- Internal levels hold one downlink per page below; plus the metapage.
      ceil(ceil(s.leaf_bytes / s.usable) * s.tuple_bytes / (s.bs - 40.0)) + 1 as upper_pages
    from sized s
  ),
  pct as (
    select p.*, case when p.basis_pages = 0 then 0::numeric
      else 100 * greatest(0, p.basis_pages - greatest(p.leaf_pages, 1) - p.upper_pages) / p.basis_pages::numeric end as pct
    from pages p
  )
  select p.oid, p.nspname::text, p.tablename::text, p.indexname::text, p.actual,
    (p.actual - round(p.actual * p.pct / 100))::bigint, round(p.pct, 2),
    p.live,
    case when p.actual > 0 and coalesce(p.natts_with_stats, 0) < coalesce(p.natts, 0) then 'missing'
      when p.mods > greatest(1000, 0.2 * p.live) then 'stale'
      else 'ok' end,
    jsonb_build_object('tuple_bytes', p.tuple_bytes, 'leaf_pages', p.leaf_pages, 'upper_pages', p.upper_pages,
      'fillfactor', p.ff, 'deduplicated', p.dedup and p.groups is not null and p.live >= 2 * p.groups,
      'partial', p.partial, 'basis_pages', p.basis_pages)
  from pct p
$$;

-- Tier 2 for one relation: pgstattuple_approx for tables (skips all-visible pages, uses the free
-- space map), pgstatindex for btree indexes (reads every page). Waste above the fillfactor reserve.
create function ops.measure_bloat(p_relid oid)
returns table (method text, actual_bytes bigint, expected_bytes bigint, bloat_pct numeric, details jsonb)
language plpgsql volatile set search_path = '' as $$
declare
  rel record;
  a record;
  x record;
  ff integer;
  waste numeric;
begin
  select c.relkind, c.relam, c.reloptions into rel from pg_catalog.pg_class c where c.oid = p_relid;
  if rel.relkind is null then
    raise exception 'measure_bloat: relation % does not exist', p_relid using errcode = 'undefined_table';
  end if;
  if rel.relkind in ('r', 'm') then
    ff := coalesce((select substr(o, 12)::int from unnest(rel.reloptions) o where o like 'fillfactor=%'), 100);
    select * into a from extensions.pgstattuple_approx(p_relid::regclass);
    waste := greatest(0, a.approx_free_space + a.dead_tuple_len - a.table_len * (100 - ff) / 100.0);
    return query select 'pgstattuple_approx'::text, a.table_len, (a.table_len - least(waste, a.table_len))::bigint,
      case when a.table_len = 0 then 0::numeric else round(100 * waste / a.table_len, 2) end,
      jsonb_build_object('approx_free_percent', round(a.approx_free_percent::numeric, 2),
        'dead_tuple_percent', round(a.dead_tuple_percent::numeric, 2), 'scanned_percent', round(a.scanned_percent::numeric, 2),
        'approx_tuple_count', a.approx_tuple_count, 'dead_tuple_count', a.dead_tuple_count, 'fillfactor', ff);
  elsif rel.relkind = 'i' and rel.relam = 403 then
    ff := coalesce((select substr(o, 12)::int from unnest(rel.reloptions) o where o like 'fillfactor=%'), 90);
    select * into x from extensions.pgstatindex(p_relid::regclass);
    -- Leaf space below the fillfactor density, plus empty and deleted pages, is waste.
    waste := greatest(0, x.leaf_pages * (1 - coalesce(nullif(x.avg_leaf_density, 'NaN'), ff) / ff)
      + x.empty_pages + x.deleted_pages) * pg_catalog.current_setting('block_size')::int;
    return query select 'pgstatindex'::text, x.index_size, (x.index_size - least(waste, x.index_size))::bigint,
      case when x.index_size = 0 then 0::numeric else round(100 * waste / x.index_size, 2) end,
      jsonb_build_object('avg_leaf_density', x.avg_leaf_density, 'leaf_fragmentation', x.leaf_fragmentation,
        'leaf_pages', x.leaf_pages, 'internal_pages', x.internal_pages, 'empty_pages', x.empty_pages,
        'deleted_pages', x.deleted_pages, 'fillfactor', ff);
  else
    raise exception 'measure_bloat: % is neither a table nor a btree index', p_relid::regclass
      using errcode = 'wrong_object_type';
  end if;
end
$$;

-- One snapshot: tier 1 for every table and btree index, then tier 2 for the worst candidates
-- until bloat_confirm_budget_ms or bloat_confirm_max_relations is reached. Returns rows stored.
-- SECURITY DEFINER: pgstattuple needs pg_stat_scan_tables and pg_stats shows only columns the
-- caller can read; the owner (postgres) has both on Supabase, service_role does not.
create function ops.capture_table_bloat_snapshot(p_confirm boolean default true)
returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  started timestamptz := clock_timestamp();
  -- clock_timestamp(): two snapshots in one transaction (tests) must not collide.
  ts timestamptz := started;
  budget interval := ops.monitoring_setting('bloat_confirm_budget_ms')::numeric * interval '1 millisecond';
  max_rel integer := ops.monitoring_setting('bloat_confirm_max_relations')::integer;
  max_bytes bigint := ops.monitoring_setting('bloat_confirm_max_bytes')::bigint;
  min_bytes bigint := ops.monitoring_setting('bloat_min_bytes')::bigint;
  n integer;
  total integer;
  cand record;
  t0 timestamptz;
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ops.capture_table_bloat_snapshot'));
  perform ops.ensure_time_partitions('ops.table_bloat_snapshots', 'day', ts, 2);

  insert into ops.table_bloat_snapshots (snapshot_timestamp, relid, schemaname, tablename, relkind, method,
    actual_size_bytes, estimated_size_bytes, bloat_pct, stats_quality, live_tuples, dead_tuples, last_vacuum,
    last_autovacuum, last_analyze, last_autoanalyze, xid_age, mxid_age, details)
  select ts, e.relid, e.schemaname, e.tablename, 'table', 'estimate', e.actual_bytes, e.expected_bytes,
    e.bloat_pct, e.stats_quality, e.live_tuples, pg_catalog.pg_stat_get_dead_tuples(e.relid),
    pg_catalog.pg_stat_get_last_vacuum_time(e.relid), pg_catalog.pg_stat_get_last_autovacuum_time(e.relid),
    pg_catalog.pg_stat_get_last_analyze_time(e.relid), pg_catalog.pg_stat_get_last_autoanalyze_time(e.relid),
    pg_catalog.age(c.relfrozenxid), pg_catalog.mxid_age(c.relminmxid), e.details
  from ops.estimate_table_bloat() e
  join pg_catalog.pg_class c on c.oid = e.relid;
  get diagnostics total = row_count;

  insert into ops.table_bloat_snapshots (snapshot_timestamp, relid, schemaname, tablename, indexname, relkind,
    method, actual_size_bytes, estimated_size_bytes, bloat_pct, stats_quality, live_tuples, details)
  select ts, e.relid, e.schemaname, e.tablename, e.indexname, 'index', 'estimate', e.actual_bytes,
    e.expected_bytes, e.bloat_pct, e.stats_quality, e.live_tuples, e.details
  from ops.estimate_index_bloat() e;
  get diagnostics n = row_count;
  total := total + n;

  if not p_confirm then
    return total;
  end if;
  -- Candidates: most wasted bytes first; relations whose stats are missing or stale cannot be
  -- judged by tier 1, so they qualify at half their size.
  for cand in
    select b.relid, b.schemaname, b.tablename, b.indexname, b.relkind, b.stats_quality
    from ops.table_bloat_snapshots b
    where b.snapshot_timestamp = ts and b.method = 'estimate'
      and b.actual_size_bytes between min_bytes and max_bytes
      and (b.bloat_pct >= 10 or b.stats_quality <> 'ok')
    order by case when b.stats_quality = 'ok' then b.bloat_bytes else b.actual_size_bytes / 2 end desc
    limit max_rel
  loop
    exit when clock_timestamp() - started > budget;
    t0 := clock_timestamp();
    begin
      insert into ops.table_bloat_snapshots (snapshot_timestamp, relid, schemaname, tablename, indexname, relkind,
        method, actual_size_bytes, estimated_size_bytes, bloat_pct, duration_ms, details)
      select ts, cand.relid, cand.schemaname, cand.tablename, cand.indexname, cand.relkind, m.method,
        m.actual_bytes, m.expected_bytes, m.bloat_pct, extract(epoch from clock_timestamp() - t0) * 1000, m.details
      from ops.measure_bloat(cand.relid) m;
      total := total + 1;
    exception when undefined_table or lock_not_available then
      -- Dropped or locked since tier 1 ran: skip it, the next snapshot tries again.
      null;
    end;
  end loop;
  return total;
end
$$;

-- Latest bloat per relation: tier 2 where this snapshot confirmed it, tier 1 otherwise.
create function ops.latest_bloat(p_min_pct numeric default 0)
returns setof ops.table_bloat_snapshots
language plpgsql stable set search_path = '' as $$
begin
  if p_min_pct is null or p_min_pct < 0 or p_min_pct > 100 then
    raise exception 'latest_bloat: min_pct must be between 0 and 100, got %', p_min_pct
      using errcode = 'invalid_parameter_value';
  end if;
  return query
  select distinct on (b.relid) b.*
  from ops.table_bloat_snapshots b
  where b.snapshot_timestamp = (select max(s.snapshot_timestamp) from ops.table_bloat_snapshots s)
    and b.bloat_pct >= p_min_pct
  order by b.relid, (b.method = 'estimate'), b.bloat_bytes desc;
end
$$;

revoke execute on function
  ops.typalign_bytes("char"),
  ops.estimate_table_bloat(),
  ops.estimate_index_bloat(),
  ops.measure_bloat(oid),
  ops.capture_table_bloat_snapshot(boolean),
  ops.latest_bloat(numeric)
from public, anon, authenticated;
grant execute on function
  ops.typalign_bytes("char"),
  ops.estimate_table_bloat(),
  ops.estimate_index_bloat(),
  ops.measure_bloat(oid),
  ops.capture_table_bloat_snapshot(boolean),
  ops.latest_bloat(numeric)
to service_role;
