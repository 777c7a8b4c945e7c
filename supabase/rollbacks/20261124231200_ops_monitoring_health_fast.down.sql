-- Rollback of 20261124231200_ops_monitoring_health_fast: the original definitions.
set lock_timeout = '5s';

create or replace function ops.sequence_health()
returns table (
  schemaname text, sequencename text, data_type text, last_value bigint, increment_by bigint,
  range_min numeric, range_max numeric, pct_used numeric, remaining_values numeric, used_by text[]
)
language sql stable security definer set search_path = '' as $$
  with cols as (
    -- Owning column (serial: 'a', identity: 'i').
    select d.objid as seqid, d.refobjid as relid, d.refobjsubid as attnum
    from pg_catalog.pg_depend d
    where d.classid = 'pg_catalog.pg_class'::regclass and d.refclassid = 'pg_catalog.pg_class'::regclass
      and d.deptype in ('a', 'i') and d.refobjsubid > 0
    union
    -- Columns whose default calls nextval() on it.
    select d.refobjid, ad.adrelid, ad.adnum
    from pg_catalog.pg_depend d
    join pg_catalog.pg_attrdef ad on ad.oid = d.objid
    where d.classid = 'pg_catalog.pg_attrdef'::regclass and d.refclassid = 'pg_catalog.pg_class'::regclass
  ),
  col_limits as (
    select c.seqid,
      min(case a.atttypid when 'int2'::regtype then 32767 when 'int4'::regtype then 2147483647
        else 9223372036854775807 end::numeric) as col_max,
      max(case a.atttypid when 'int2'::regtype then -32768 when 'int4'::regtype then -2147483648
        else -9223372036854775808 end::numeric) as col_min,
      array_agg(format('%s.%I %s', c.relid::regclass, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod))) as used_by
    from cols c
    join pg_catalog.pg_attribute a on a.attrelid = c.relid and a.attnum = c.attnum
    group by c.seqid
  ),
  s as (
    select n.nspname, c.relname, q.seqtypid, q.seqincrement, q.seqmin, q.seqmax, q.seqstart,
      pg_catalog.pg_sequence_last_value(c.oid) as last_value,
      least(q.seqmax::numeric, coalesce(l.col_max, q.seqmax)) as hi,
      greatest(q.seqmin::numeric, coalesce(l.col_min, q.seqmin)) as lo,
      l.used_by
    from pg_catalog.pg_sequence q
    join pg_catalog.pg_class c on c.oid = q.seqrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    left join col_limits l on l.seqid = q.seqrelid
    where n.nspname <> all (ops.monitoring_excluded_schemas())
  )
  select s.nspname::text, s.relname::text, pg_catalog.format_type(s.seqtypid, null), s.last_value, s.seqincrement,
    s.lo, s.hi,
    -- A sequence never called has used nothing.
    case when s.last_value is null or s.hi <= s.lo then 0
      when s.seqincrement > 0 then round(100 * greatest(0, s.last_value - s.lo) / (s.hi - s.lo), 3)
      else round(100 * greatest(0, s.hi - s.last_value) / (s.hi - s.lo), 3) end,
    case when s.seqincrement > 0 then floor(greatest(0, s.hi - coalesce(s.last_value, s.seqstart - s.seqincrement)) / s.seqincrement)
      else floor(greatest(0, coalesce(s.last_value, s.seqstart - s.seqincrement) - s.lo) / -s.seqincrement) end,
    s.used_by
  from s
$$;

create or replace function ops.table_health()
returns table (
  schemaname text, tablename text, live_tuples bigint, dead_tuples bigint, dead_pct numeric,
  autovacuum_due boolean, mods_since_analyze bigint, last_vacuum timestamptz, last_autovacuum timestamptz,
  last_analyze timestamptz, last_autoanalyze timestamptz, vacuum_count bigint, autovacuum_count bigint,
  xid_age integer, mxid_age integer
)
language sql stable set search_path = '' as $$
  select s.schemaname::text, s.relname::text, s.n_live_tup, s.n_dead_tup,
    round(100 * s.n_dead_tup / nullif(s.n_live_tup + s.n_dead_tup, 0)::numeric, 2),
    s.n_dead_tup > coalesce((select substr(o, 28)::numeric from unnest(c.reloptions) o where o like 'autovacuum_vacuum_threshold=%'),
        pg_catalog.current_setting('autovacuum_vacuum_threshold')::numeric)
      + coalesce((select substr(o, 31)::numeric from unnest(c.reloptions) o where o like 'autovacuum_vacuum_scale_factor=%'),
        pg_catalog.current_setting('autovacuum_vacuum_scale_factor')::numeric) * greatest(c.reltuples, 0),
    s.n_mod_since_analyze, s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze,
    s.vacuum_count, s.autovacuum_count, pg_catalog.age(c.relfrozenxid), pg_catalog.mxid_age(c.relminmxid)
  from pg_catalog.pg_stat_all_tables s
  join pg_catalog.pg_class c on c.oid = s.relid
  where c.relkind in ('r', 'm') and s.schemaname <> all (ops.monitoring_excluded_schemas())
$$;
