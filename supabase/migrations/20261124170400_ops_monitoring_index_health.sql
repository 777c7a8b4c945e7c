-- Index health: usage snapshots with history, unused indexes with a real "no scans since" date,
-- duplicate and prefix-overlapping indexes, invalid indexes, foreign keys without a covering index.
-- PostgreSQL 15 has no pg_stat_*.last_idx_scan, so "no scans since" comes from our own history:
-- ops.index_usage_state keeps, per index, when we first saw it and when its idx_scan last moved.
set lock_timeout = '5s';
set statement_timeout = '60s';

insert into ops.monitoring_config (key, value, description) values
  ('excluded_schemas',
   'pg_catalog,information_schema,pg_toast,auth,storage,realtime,_realtime,supabase_functions,supabase_migrations,cron,net,extensions,graphql,graphql_public,pgsodium,pgsodium_masks,vault,pgbouncer,tests',
   'schemas (comma-separated) the index and table checks skip: platform-managed, not yours to tune');

create function ops.monitoring_excluded_schemas()
returns text[]
language sql stable set search_path = '' as $$
  select coalesce(pg_catalog.string_to_array(pg_catalog.replace(
    (select c.value from ops.monitoring_config c where c.key = 'excluded_schemas'), ' ', ''), ','), '{}')
$$;

create table ops.index_usage_snapshots (
  snapshot_timestamp timestamptz not null,
  indexrelid oid not null,
  schemaname text not null,
  tablename text not null,
  indexname text not null,
  idx_scan bigint not null,
  idx_tup_read bigint not null,
  idx_tup_fetch bigint not null,
  index_size_bytes bigint not null,
  table_size_bytes bigint not null,
  is_unique boolean not null,
  is_primary boolean not null,
  is_valid boolean not null,
  primary key (snapshot_timestamp, indexrelid)
) partition by range (snapshot_timestamp);
create index index_usage_snapshots_name_idx on ops.index_usage_snapshots (schemaname, tablename, indexname, snapshot_timestamp);
comment on table ops.index_usage_snapshots is 'Periodic pg_stat_user_indexes counters and sizes. Daily partitions.';

create table ops.index_usage_state (
  indexrelid oid primary key,
  schemaname text not null,
  tablename text not null,
  indexname text not null,
  first_seen_at timestamptz not null,
  last_snapshot_at timestamptz not null,
  -- One per snapshot: hourly for 245,000 years before it nears 2^31.
  -- squawk-ignore prefer-bigint-over-int
  snapshots integer not null default 1,
  last_idx_scan bigint not null,
  -- End of the last interval in which idx_scan grew: the index was scanned before this moment.
  last_scan_seen_at timestamptz,
  -- When counters went backwards (pg_stat_reset, single-table reset, crash): scans between the
  -- previous snapshot and the reset are unknown, so "no scans since" cannot predate this.
  counters_reset_at timestamptz,
  db_stats_reset timestamptz
);
comment on table ops.index_usage_state is 'Per-index summary of the usage history: first seen, last observed scan, last counter reset.';

alter table ops.index_usage_snapshots enable row level security;
alter table ops.index_usage_state enable row level security;
revoke all on ops.index_usage_snapshots, ops.index_usage_state from public, anon, authenticated;
grant select on ops.index_usage_snapshots, ops.index_usage_state to service_role;

select ops.ensure_time_partitions('ops.index_usage_snapshots', 'day', now() - interval '1 day', 9);

-- SECURITY DEFINER so the owner creates missing partitions; the statistics read are public.
create function ops.capture_index_usage_snapshot()
returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  n integer;
  db_reset timestamptz;
  -- clock_timestamp(): two snapshots in one transaction (tests) must not collide.
  ts timestamptz := clock_timestamp();
  excluded text[] := ops.monitoring_excluded_schemas();
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ops.capture_index_usage_snapshot'));
  perform ops.ensure_time_partitions('ops.index_usage_snapshots', 'day', ts, 2);
  select d.stats_reset into db_reset from pg_catalog.pg_stat_database d where d.datname = pg_catalog.current_database();

  insert into ops.index_usage_snapshots
  select ts, s.indexrelid, s.schemaname, s.relname, s.indexrelname, s.idx_scan, s.idx_tup_read, s.idx_tup_fetch,
    -- The index's size from the file; its table's from the catalog (as of the last VACUUM/ANALYZE):
    -- one file-size call per index instead of two keeps large schemas cheap.
    pg_catalog.pg_relation_size(s.indexrelid), t.relpages::bigint * pg_catalog.current_setting('block_size')::int,
    i.indisunique, i.indisprimary, i.indisvalid
  from pg_catalog.pg_stat_user_indexes s
  join pg_catalog.pg_index i on i.indexrelid = s.indexrelid
  join pg_catalog.pg_class t on t.oid = s.relid
  where s.schemaname <> all (excluded);
  get diagnostics n = row_count;

  insert into ops.index_usage_state as st (indexrelid, schemaname, tablename, indexname, first_seen_at,
    last_snapshot_at, last_idx_scan, db_stats_reset)
  select u.indexrelid, u.schemaname, u.tablename, u.indexname, ts, ts, u.idx_scan, db_reset
  from ops.index_usage_snapshots u
  where u.snapshot_timestamp = ts
  on conflict (indexrelid) do update set
    schemaname = excluded.schemaname, tablename = excluded.tablename, indexname = excluded.indexname,
    last_snapshot_at = excluded.last_snapshot_at,
    snapshots = st.snapshots + 1,
    last_idx_scan = excluded.last_idx_scan,
    counters_reset_at = case
      when excluded.db_stats_reset is distinct from st.db_stats_reset then coalesce(excluded.db_stats_reset, ts)
      when excluded.last_idx_scan < st.last_idx_scan then ts
      else st.counters_reset_at end,
    last_scan_seen_at = case
      when excluded.db_stats_reset is distinct from st.db_stats_reset or excluded.last_idx_scan < st.last_idx_scan
        then case when excluded.last_idx_scan > 0 then ts else st.last_scan_seen_at end
      when excluded.last_idx_scan > st.last_idx_scan then ts
      else st.last_scan_seen_at end,
    db_stats_reset = excluded.db_stats_reset;

  -- Dropped (or now excluded) indexes leave the state; a re-created index starts a new history.
  delete from ops.index_usage_state st
  where st.last_snapshot_at < ts;
  return n;
end
$$;

-- Indexes with no scans for at least age_days of observed history. Unique, primary key,
-- exclusion, replica-identity and invalid indexes are skipped, as are indexes under min_size_bytes
-- (default: the unused_index check's min_bytes). An index needs two snapshots before it can be
-- reported: until then there is no history to judge it by.
create function ops.detect_unused_indexes(age_days numeric default 30, min_size_bytes bigint default null)
returns table (
  schemaname text, tablename text, indexname text, index_size_bytes bigint, index_size text, idx_scan bigint,
  first_seen_at timestamptz, no_scans_since timestamptz, days_since_last_scan numeric, snapshots integer,
  definition text
)
language plpgsql stable set search_path = '' as $$
declare
  min_bytes bigint := coalesce(min_size_bytes,
    ((select t.params from ops.alert_threshold('unused_index') t) ->> 'min_bytes')::bigint, 0);
begin
  if age_days is null or age_days < 0 or age_days > 3650 then
    raise exception 'detect_unused_indexes: age_days must be between 0 and 3650, got %', age_days
      using errcode = 'invalid_parameter_value';
  end if;
  if min_bytes < 0 then
    raise exception 'detect_unused_indexes: min_size_bytes must be >= 0, got %', min_bytes
      using errcode = 'invalid_parameter_value';
  end if;
  return query
  with s as (
    select st.*, greatest(st.first_seen_at, st.last_scan_seen_at, st.counters_reset_at) as quiet_since
    from ops.index_usage_state st
  )
  select s.schemaname, s.tablename, s.indexname, pg_catalog.pg_relation_size(i.indexrelid),
    pg_catalog.pg_size_pretty(pg_catalog.pg_relation_size(i.indexrelid)), s.last_idx_scan, s.first_seen_at,
    s.quiet_since, round((extract(epoch from s.last_snapshot_at - s.quiet_since) / 86400)::numeric, 2),
    s.snapshots, pg_catalog.pg_get_indexdef(i.indexrelid)
  from s
  join pg_catalog.pg_index i on i.indexrelid = s.indexrelid
  where s.snapshots >= 2
    and s.last_snapshot_at > s.quiet_since
    and s.last_snapshot_at - s.quiet_since >= age_days * interval '1 day'
    and not i.indisunique and not i.indisprimary and not i.indisexclusion and not i.indisreplident and i.indisvalid
    and pg_catalog.pg_relation_size(i.indexrelid) >= min_bytes
  order by pg_catalog.pg_relation_size(i.indexrelid) desc;
end
$$;

-- Exact duplicates, and non-unique btree indexes whose keys are a left prefix of another index on
-- the same table with the same predicate (the longer index serves every query the shorter one does).
create function ops.duplicate_indexes()
returns table (
  schemaname text, tablename text, indexname text, index_size_bytes bigint, kind text, covered_by text,
  definition text, covered_by_definition text
)
language sql stable set search_path = '' as $$
  with idx as materialized (
    select i.indexrelid, i.indrelid, i.indisunique, i.indisprimary, i.indnkeyatts, i.indnatts, c.relam,
      n.nspname, t.relname as tablename, c.relname as indexname,
      -- Key columns, opclasses, collations and options; INCLUDE columns left out. Inline: a SQL
      -- function with FROM would run one query per index.
      (select string_agg(format('%s/%s/%s/%s', k.attnum, k.opclass, k.coll, k.opt), ' ' order by k.ord)
       from unnest(i.indkey::int2[], i.indclass::oid[], i.indcollation::oid[], i.indoption::int2[])
         with ordinality as k (attnum, opclass, coll, opt, ord)
       where k.ord <= i.indnkeyatts) as keys,
      i.indkey::text as allcols,
      case when i.indisprimary then 2 when i.indisunique then 1 else 0 end as strength,
      coalesce(pg_catalog.pg_get_expr(i.indexprs, i.indrelid), '') as exprs,
      coalesce(pg_catalog.pg_get_expr(i.indpred, i.indrelid), '') as pred
    from pg_catalog.pg_index i
    join pg_catalog.pg_class c on c.oid = i.indexrelid
    join pg_catalog.pg_class t on t.oid = i.indrelid
    join pg_catalog.pg_namespace n on n.oid = t.relnamespace
    where i.indisvalid and n.nspname <> all (ops.monitoring_excluded_schemas())
  )
  -- One row per redundant index: an exact duplicate is reported as such before any prefix match.
  select distinct on (a.nspname, a.tablename, a.indexname)
    a.nspname, a.tablename, a.indexname, pg_catalog.pg_relation_size(a.indexrelid),
    case when a.keys = b.keys and a.allcols = b.allcols and a.exprs = b.exprs then 'duplicate' else 'prefix' end,
    b.indexname, pg_catalog.pg_get_indexdef(a.indexrelid), pg_catalog.pg_get_indexdef(b.indexrelid)
  from idx a
  join idx b on b.indrelid = a.indrelid and b.indexrelid <> a.indexrelid and b.relam = a.relam and b.pred = a.pred
  where (
      -- Exact duplicate: report the weaker one (plain < unique < primary key), the newer when equal.
      a.keys = b.keys and a.allcols = b.allcols and a.exprs = b.exprs
      and (a.strength < b.strength or (a.strength = b.strength and a.indexrelid > b.indexrelid))
    ) or (
      -- Proper left prefix, btree only, no expressions or INCLUDE columns on the shorter index.
      a.relam = 403 and not a.indisunique and a.exprs = '' and b.exprs = '' and a.indnatts = a.indnkeyatts
      and a.indnkeyatts < b.indnkeyatts and starts_with(b.keys, a.keys || ' ')
    )
  order by a.nspname, a.tablename, a.indexname,
    (a.keys = b.keys and a.allcols = b.allcols and a.exprs = b.exprs) desc, b.indexname
$$;

-- Indexes left invalid (a failed CREATE/REINDEX CONCURRENTLY); builds still in progress are skipped.
create function ops.invalid_indexes()
returns table (schemaname text, tablename text, indexname text, index_size_bytes bigint, definition text, fix text)
language sql stable set search_path = '' as $$
  select n.nspname, t.relname, c.relname, pg_catalog.pg_relation_size(c.oid), pg_catalog.pg_get_indexdef(c.oid),
    format('drop index concurrently %I.%I; then create it again (or reindex index concurrently %I.%I)',
      n.nspname, c.relname, n.nspname, c.relname)
  from pg_catalog.pg_index i
  join pg_catalog.pg_class c on c.oid = i.indexrelid
  join pg_catalog.pg_class t on t.oid = i.indrelid
  join pg_catalog.pg_namespace n on n.oid = t.relnamespace
  where not i.indisvalid
    and n.nspname <> all (ops.monitoring_excluded_schemas())
    and not exists (select from pg_catalog.pg_stat_progress_create_index p where p.index_relid = c.oid)
  order by 1, 2, 3
$$;

-- Foreign keys whose columns do not lead any valid, non-partial index of the referencing table:
-- every delete or key update on the referenced table then scans the referencing table.
create function ops.unindexed_foreign_keys()
returns table (
  schemaname text, tablename text, constraint_name text, columns text[], referenced_table text,
  table_size_bytes bigint, suggestion text
)
language sql stable set search_path = '' as $$
  select n.nspname, t.relname, con.conname,
    array(select a.attname::text from unnest(con.conkey) with ordinality k (attnum, ord)
          join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord),
    con.confrelid::regclass::text, pg_catalog.pg_total_relation_size(t.oid),
    format('create index concurrently on %I.%I (%s)', n.nspname, t.relname,
      (select string_agg(format('%I', a.attname), ', ' order by k.ord) from unnest(con.conkey) with ordinality k (attnum, ord)
       join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum))
  from pg_catalog.pg_constraint con
  join pg_catalog.pg_class t on t.oid = con.conrelid
  join pg_catalog.pg_namespace n on n.oid = t.relnamespace
  where con.contype = 'f' and con.conparentid = 0
    and n.nspname <> all (ops.monitoring_excluded_schemas())
    and not exists (
      select from pg_catalog.pg_index i
      where i.indrelid = con.conrelid and i.indisvalid and i.indpred is null
        and i.indnkeyatts >= cardinality(con.conkey)
        and (select array_agg(x order by x) from unnest((i.indkey::int2[])[0:cardinality(con.conkey) - 1]) x)
          = (select array_agg(x order by x) from unnest(con.conkey) x)
    )
  order by 1, 2, 3
$$;

revoke execute on function
  ops.monitoring_excluded_schemas(),
  ops.capture_index_usage_snapshot(),
  ops.detect_unused_indexes(numeric, bigint),
  ops.duplicate_indexes(),
  ops.invalid_indexes(),
  ops.unindexed_foreign_keys()
from public, anon, authenticated;
grant execute on function
  ops.monitoring_excluded_schemas(),
  ops.capture_index_usage_snapshot(),
  ops.detect_unused_indexes(numeric, bigint),
  ops.duplicate_indexes(),
  ops.invalid_indexes(),
  ops.unindexed_foreign_keys()
to service_role;
