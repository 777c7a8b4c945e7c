-- Minimal time-partition helpers for the monitoring history tables (daily or monthly ranges on a
-- timestamptz key, UTC boundaries). A general partition manager is designed in another issue; it
-- should take these two functions over (see docs/monitoring.md, "Partitions and retention").
set lock_timeout = '5s';
set statement_timeout = '60s';

-- Create the missing partitions of p_parent covering p_count units from the unit containing p_from.
-- Partitions are named <parent>_pYYYYMMDD (day) or <parent>_pYYYYMM (month). Returns how many were
-- created; existing partitions are left alone, so this is safe to call on every snapshot.
create function ops.ensure_time_partitions(
  p_parent regclass,
  p_granularity text,
  p_from timestamptz default now(),
  p_count integer default 7
) returns integer
language plpgsql volatile set search_path = '' as $$
declare
  unit interval;
  fmt text;
  lo timestamptz;
  hi timestamptz;
  part_name text;
  parent_schema text;
  parent_name text;
  created integer := 0;
begin
  if p_granularity = 'day' then
    unit := interval '1 day'; fmt := 'YYYYMMDD';
  elsif p_granularity = 'month' then
    unit := interval '1 month'; fmt := 'YYYYMM';
  else
    raise exception 'ensure_time_partitions: granularity must be day or month, got %', p_granularity
      using errcode = 'invalid_parameter_value';
  end if;
  if p_count is null or p_count < 1 or p_count > 400 then
    raise exception 'ensure_time_partitions: count must be between 1 and 400, got %', p_count
      using errcode = 'invalid_parameter_value';
  end if;
  select n.nspname, c.relname into parent_schema, parent_name
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.oid = p_parent and c.relkind = 'p';
  if parent_name is null then
    raise exception 'ensure_time_partitions: % is not a partitioned table', p_parent
      using errcode = 'wrong_object_type';
  end if;
  lo := pg_catalog.date_trunc(p_granularity, coalesce(p_from, now()), 'UTC');
  for i in 1..p_count loop
    hi := (lo at time zone 'UTC' + unit) at time zone 'UTC';
    part_name := parent_name || '_p' || pg_catalog.to_char(lo at time zone 'UTC', fmt);
    if not exists (
      select from pg_catalog.pg_inherits inh join pg_catalog.pg_class c on c.oid = inh.inhrelid
      where inh.inhparent = p_parent and c.relname = part_name
    ) then
      execute format('create table %I.%I partition of %I.%I for values from (%L) to (%L)',
        parent_schema, part_name, parent_schema, parent_name, lo, hi);
      created := created + 1;
    end if;
    lo := hi;
  end loop;
  return created;
end
$$;

-- Drop the partitions of p_parent whose whole range ends at or before p_cutoff. Returns the names
-- dropped. Upper bounds are read from the catalog (relpartbound), not guessed from names.
create function ops.drop_time_partitions(p_parent regclass, p_cutoff timestamptz)
returns setof text
language plpgsql volatile set search_path = '' as $$
declare
  r record;
begin
  if p_cutoff is null or p_cutoff > now() then
    raise exception 'drop_time_partitions: cutoff must be a time in the past, got %', p_cutoff
      using errcode = 'invalid_parameter_value';
  end if;
  for r in
    select n.nspname, c.relname,
      (pg_catalog.regexp_match(pg_catalog.pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1] as upper_bound
    from pg_catalog.pg_inherits inh
    join pg_catalog.pg_class c on c.oid = inh.inhrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where inh.inhparent = p_parent
  loop
    if r.upper_bound is not null and r.upper_bound::timestamptz <= p_cutoff then
      execute format('drop table %I.%I', r.nspname, r.relname);
      return next format('%I.%I', r.nspname, r.relname);
    end if;
  end loop;
end
$$;

revoke execute on function
  ops.ensure_time_partitions(regclass, text, timestamptz, integer),
  ops.drop_time_partitions(regclass, timestamptz)
from public, anon, authenticated;
grant execute on function
  ops.ensure_time_partitions(regclass, text, timestamptz, integer),
  ops.drop_time_partitions(regclass, timestamptz)
to service_role;
