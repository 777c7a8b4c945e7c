-- Partition manager for time-partitioned tables (seeds 000 and 003): premake N periods ahead, a
-- default partition with an alert and a safe repair when rows land in it, retention by DETACH and
-- DROP of whole partitions, BRIN on the time column, and ANALYZE of the parents (queued through
-- the maintenance executor, since autovacuum never analyzes a partitioned table).
-- Why not pg_partman: 4.7 (Debian) and 5.x (Supabase) take different create_parent arguments
-- (p_type 'native' is required in 4.x and rejected in 5.x), so no single call works on both.
-- See docs/maintenance.md.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table ops.partitioned_tables (
  schema_name text not null,
  table_name text not null,
  control_column text not null,
  period text not null check (period in ('day', 'week', 'month', 'year')),
  -- Partitions kept ready beyond the current period.
  -- squawk-ignore prefer-bigint-over-int
  premake integer not null default 4 check (premake between 1 and 400),
  -- Partitions whose whole range is older than this are detached and dropped. Null: keep all.
  retention interval check (retention > interval '0'),
  brin boolean not null default true,
  -- Move rows out of the default partition into proper partitions automatically.
  auto_repair_default boolean not null default true,
  registered_at timestamptz not null default now(),
  last_maintained_at timestamptz,
  last_error text,
  primary key (schema_name, table_name)
);
comment on table ops.partitioned_tables is 'Tables the partition manager maintains; register with ops.partition_register().';
alter table ops.partitioned_tables enable row level security;
revoke all on ops.partitioned_tables from public, anon, authenticated;
grant select on ops.partitioned_tables to service_role;

-- The single time column a table is RANGE-partitioned on, or no row.
create function ops.partition_key(p_parent regclass)
returns table (column_name text, column_type regtype)
language sql stable set search_path = '' as $$
  select a.attname::text, a.atttypid::regtype
  from pg_catalog.pg_partitioned_table pt
  join pg_catalog.pg_attribute a on a.attrelid = pt.partrelid and a.attnum = pt.partattrs[0]
  where pt.partrelid = p_parent and pt.partstrat = 'r' and pt.partnatts = 1
$$;

-- Period arithmetic in UTC, whatever the session's TimeZone: partition bounds must not move.
create function ops.partition_period_start(p_at timestamptz, p_period text) returns timestamptz
language sql immutable set search_path = '' as $$
  select pg_catalog.date_trunc(p_period, p_at, 'UTC')
$$;

create function ops.partition_period_add(p_at timestamptz, p_period text, p_n integer) returns timestamptz
language sql immutable set search_path = '' as $$
  select ((p_at at time zone 'UTC') + p_n * case p_period
    when 'day' then interval '1 day' when 'week' then interval '7 days'
    when 'month' then interval '1 month' when 'year' then interval '1 year' end) at time zone 'UTC'
$$;

-- A bound as a literal of the key's type; timestamp and date keys are read as UTC.
create function ops.partition_bound_literal(p_at timestamptz, p_type regtype) returns text
language sql immutable set search_path = '' as $$
  select case p_type
    when 'timestamp with time zone'::regtype then pg_catalog.to_char(p_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00'
    when 'date'::regtype then pg_catalog.to_char(p_at at time zone 'UTC', 'YYYY-MM-DD')
    else pg_catalog.to_char(p_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')
  end
$$;

-- <table>_p<YYYYMMDD|YYYYMM|YYYY>, the table name shortened to stay within 63 bytes.
create function ops.partition_name(p_table text, p_lower timestamptz, p_period text) returns text
language sql immutable set search_path = '' as $$
  select pg_catalog.left(p_table, 61 - pg_catalog.length(x.suffix)) || '_p' || x.suffix
  from (select pg_catalog.to_char(p_lower at time zone 'UTC',
    case p_period when 'month' then 'YYYYMM' when 'year' then 'YYYY' else 'YYYYMMDD' end) as suffix) x
$$;

-- The partitions of a parent with their bounds (null for MINVALUE/MAXVALUE), parsed from the
-- catalog, so partitions made by hand or by an earlier tool count too.
create function ops.partitions(p_parent regclass)
returns table (partition_oid oid, schema_name text, partition_name text, lower_bound timestamptz, upper_bound timestamptz, is_default boolean)
language sql stable set search_path = '' as $$
  select c.oid, n.nspname::text, c.relname::text,
    case when k.column_type = 'timestamp with time zone'::regtype then m[1]::timestamptz else m[1]::timestamp at time zone 'UTC' end,
    case when k.column_type = 'timestamp with time zone'::regtype then m[2]::timestamptz else m[2]::timestamp at time zone 'UTC' end,
    pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'
  from pg_catalog.pg_inherits i
  join pg_catalog.pg_class c on c.oid = i.inhrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  cross join ops.partition_key(p_parent) k
  left join lateral pg_catalog.regexp_match(pg_catalog.pg_get_expr(c.relpartbound, c.oid),
    '^FOR VALUES FROM \(''([^'']*)''\) TO \(''([^'']*)''\)$') m on true
  where i.inhparent = p_parent
  order by 4 nulls first
$$;

-- The key as a timestamptz expression over a quoted column, for timestamp and date keys too.
create function ops.partition_key_expr(p_column text, p_type regtype) returns text
language sql immutable set search_path = '' as $$
  select case p_type
    when 'timestamp with time zone'::regtype then pg_catalog.format('%I', p_column)
    when 'date'::regtype then pg_catalog.format('(%I::timestamp at time zone ''UTC'')', p_column)
    else pg_catalog.format('(%I at time zone ''UTC'')', p_column)
  end
$$;

-- A partition is reachable by its own name, where the parent's grants and RLS do not apply:
-- give it the parent's RLS setting and keep the API roles off it.
create function ops.partition_secure(p_schema text, p_name text, p_parent regclass) returns void
language plpgsql volatile set search_path = '' as $$
declare
  v_role text;
begin
  if (select c.relrowsecurity from pg_catalog.pg_class c where c.oid = p_parent) then
    execute pg_catalog.format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', p_schema, p_name);
  end if;
  execute pg_catalog.format('REVOKE ALL ON TABLE %I.%I FROM PUBLIC', p_schema, p_name);
  for v_role in select r.rolname from pg_catalog.pg_roles r where r.rolname in ('anon', 'authenticated') loop
    execute pg_catalog.format('REVOKE ALL ON TABLE %I.%I FROM %I', p_schema, p_name, v_role);
  end loop;
end
$$;

-- Create the partition for the period starting at p_lower, unless a partition already covers
-- part of it. When the default partition holds rows of that period, they move into the new
-- partition in the same transaction: the new table is built beside the parent, filled, and
-- attached (a matching CHECK constraint spares ATTACH a validation scan). At no point are the
-- rows in neither or both places. Returns the new partition's name and the rows moved.
create function ops.partition_create(p_parent regclass, p_lower timestamptz)
returns table (partition_name text, rows_moved bigint)
language plpgsql volatile set search_path = '' as $$
declare
  t ops.partitioned_tables;
  k record;
  d record;
  v_parent_schema text;
  v_lower timestamptz;
  v_upper timestamptz;
  v_lo text;
  v_hi text;
  v_name text;
  v_has_rows boolean := false;
  v_cols text;
  v_check text;
begin
  select n.nspname into v_parent_schema
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.oid = p_parent;
  select * into t from ops.partitioned_tables pt
  where pt.schema_name = v_parent_schema and pt.table_name = (select c.relname from pg_catalog.pg_class c where c.oid = p_parent);
  if not found then
    raise exception 'ops.partition_create: % is not registered (ops.partition_register)', p_parent using errcode = 'invalid_parameter_value';
  end if;
  select * into k from ops.partition_key(p_parent);
  v_lower := ops.partition_period_start(p_lower, t.period);
  v_upper := ops.partition_period_add(v_lower, t.period, 1);
  if exists (select from ops.partitions(p_parent) p
             where not p.is_default and coalesce(p.lower_bound < v_upper, true) and coalesce(p.upper_bound > v_lower, true)) then
    return;
  end if;
  v_lo := ops.partition_bound_literal(v_lower, k.column_type);
  v_hi := ops.partition_bound_literal(v_upper, k.column_type);
  v_name := ops.partition_name(t.table_name, v_lower, t.period);
  select * into d from ops.partitions(p_parent) p where p.is_default;
  if found then
    execute pg_catalog.format('SELECT EXISTS (SELECT FROM %I.%I WHERE %I >= %L AND %I < %L)',
      d.schema_name, d.partition_name, k.column_name, v_lo, k.column_name, v_hi) into v_has_rows;
  end if;
  partition_name := v_name;
  rows_moved := 0;
  if not v_has_rows then
    execute pg_catalog.format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
      v_parent_schema, v_name, v_parent_schema, t.table_name, v_lo, v_hi);
  else
    execute pg_catalog.format('CREATE TABLE %I.%I (LIKE %I.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS)',
      v_parent_schema, v_name, v_parent_schema, t.table_name);
    v_check := pg_catalog.left(v_name, 50) || '_range';
    execute pg_catalog.format('ALTER TABLE %I.%I ADD CONSTRAINT %I CHECK (%I IS NOT NULL AND %I >= %L AND %I < %L)',
      v_parent_schema, v_name, v_check, k.column_name, k.column_name, v_lo, k.column_name, v_hi);
    select pg_catalog.string_agg(pg_catalog.format('%I', a.attname), ', ' order by a.attnum) into v_cols
    from pg_catalog.pg_attribute a
    where a.attrelid = p_parent and a.attnum > 0 and not a.attisdropped and a.attgenerated = '';
    execute pg_catalog.format('WITH moved AS (DELETE FROM %I.%I WHERE %I >= %L AND %I < %L RETURNING %s) INSERT INTO %I.%I (%s) SELECT %s FROM moved',
      d.schema_name, d.partition_name, k.column_name, v_lo, k.column_name, v_hi, v_cols, v_parent_schema, v_name, v_cols, v_cols);
    get diagnostics rows_moved = row_count;
    execute pg_catalog.format('ALTER TABLE %I.%I ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
      v_parent_schema, t.table_name, v_parent_schema, v_name, v_lo, v_hi);
    execute pg_catalog.format('ALTER TABLE %I.%I DROP CONSTRAINT %I', v_parent_schema, v_name, v_check);
  end if;
  perform ops.partition_secure(v_parent_schema, v_name, p_parent);
  return next;
end
$$;

-- Move rows out of the default partition into partitions of their own periods (at most
-- p_max_partitions new partitions per call). Rows with a null key cannot move and stay.
create function ops.partition_repair_default(p_parent regclass, p_max_partitions integer default 24)
returns table (partition_name text, lower_bound timestamptz, rows_moved bigint)
language plpgsql volatile security definer set search_path = '' as $$
declare
  t record;
  k record;
  d record;
  v_period timestamptz;
  v_old_timeout text := pg_catalog.current_setting('lock_timeout');
begin
  if p_max_partitions is null or p_max_partitions < 1 or p_max_partitions > 1000 then
    raise exception 'ops.partition_repair_default: max partitions must be between 1 and 1000, got %', p_max_partitions
      using errcode = 'invalid_parameter_value';
  end if;
  select pt.* into t from ops.partitioned_tables pt
  join pg_catalog.pg_class c on c.relname = pt.table_name
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = pt.schema_name
  where c.oid = p_parent;
  if not found then
    raise exception 'ops.partition_repair_default: % is not registered (ops.partition_register)', p_parent using errcode = 'invalid_parameter_value';
  end if;
  select * into k from ops.partition_key(p_parent);
  select * into d from ops.partitions(p_parent) p where p.is_default;
  if not found then
    return;
  end if;
  -- Never queue behind a long reader while holding locks others then queue behind.
  perform pg_catalog.set_config('lock_timeout',
    (extract(epoch from s.ddl_lock_timeout) * 1000)::bigint::text, true) from ops.maintenance_settings s;
  for v_period in execute pg_catalog.format(
      'SELECT DISTINCT pg_catalog.date_trunc(%L, %s, ''UTC'') FROM %I.%I WHERE %I IS NOT NULL ORDER BY 1 LIMIT %s',
      t.period, ops.partition_key_expr(k.column_name, k.column_type), d.schema_name, d.partition_name, k.column_name, p_max_partitions)
  loop
    select c.partition_name, c.rows_moved into partition_name, rows_moved from ops.partition_create(p_parent, v_period) c;
    if found then
      lower_bound := v_period;
      return next;
    end if;
  end loop;
  perform pg_catalog.set_config('lock_timeout', v_old_timeout, true);
end
$$;

-- Register (or re-register: it upserts) a RANGE-partitioned table and, unless p_maintain is
-- false, maintain it once (p_maintain false leaves the first pass to ops:partition-maintenance).
-- p_period defaults to the width of its newest partition, else 'month'.
create function ops.partition_register(
  p_parent regclass,
  p_period text default null,
  p_premake integer default 4,
  p_retention interval default null,
  p_brin boolean default true,
  p_auto_repair_default boolean default true,
  p_maintain boolean default true
) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  k record;
  v_schema text;
  v_table text;
  v_period text := p_period;
  v_width interval;
begin
  perform ops.maintenance_require(p_parent, 'ops.partition_register');
  select n.nspname, c.relname into v_schema, v_table
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.oid = p_parent;
  select * into k from ops.partition_key(p_parent);
  if not found then
    raise exception 'ops.partition_register: % must be PARTITION BY RANGE on one column', p_parent
      using errcode = 'wrong_object_type';
  end if;
  if k.column_type not in ('timestamp with time zone'::regtype, 'timestamp without time zone'::regtype, 'date'::regtype) then
    raise exception 'ops.partition_register: % is partitioned on %, a %; the manager handles timestamptz, timestamp and date keys',
      p_parent, k.column_name, k.column_type using errcode = 'datatype_mismatch';
  end if;
  if v_period is null then
    select p.upper_bound - p.lower_bound into v_width from ops.partitions(p_parent) p
    where not p.is_default and p.lower_bound is not null and p.upper_bound is not null
    order by p.lower_bound desc limit 1;
    v_period := case
      when v_width is null then 'month'
      when v_width = interval '1 day' then 'day'
      when v_width = interval '7 days' then 'week'
      when v_width between interval '28 days' and interval '31 days' then 'month'
      when v_width between interval '365 days' and interval '366 days' then 'year' end;
    if v_period is null then
      raise exception 'ops.partition_register: cannot infer the period of % from its partitions (% wide); pass p_period', p_parent, v_width
        using errcode = 'invalid_parameter_value';
    end if;
  elsif v_period not in ('day', 'week', 'month', 'year') then
    raise exception 'ops.partition_register: period must be day, week, month or year, got %', v_period
      using errcode = 'invalid_parameter_value';
  end if;
  if p_premake is null or p_premake < 1 or p_premake > 400 then
    raise exception 'ops.partition_register: premake must be between 1 and 400, got %', p_premake using errcode = 'invalid_parameter_value';
  end if;
  if p_retention is not null and p_retention <= interval '0' then
    raise exception 'ops.partition_register: retention must be positive, got %', p_retention using errcode = 'invalid_parameter_value';
  end if;
  insert into ops.partitioned_tables as pt (schema_name, table_name, control_column, period, premake, retention, brin, auto_repair_default)
  values (v_schema, v_table, k.column_name, v_period, p_premake, p_retention, coalesce(p_brin, true), coalesce(p_auto_repair_default, true))
  on conflict (schema_name, table_name) do update
    set control_column = excluded.control_column, period = excluded.period, premake = excluded.premake,
        retention = excluded.retention, brin = excluded.brin, auto_repair_default = excluded.auto_repair_default;
  if not coalesce(p_maintain, true) then
    return null;
  end if;
  return (select pg_catalog.to_jsonb(m) from ops.partition_maintain(p_parent) m limit 1);
end
$$;

create function ops.partition_unregister(p_parent regclass) returns boolean
language sql volatile security definer set search_path = '' as $$
  with gone as (
    delete from ops.partitioned_tables pt
    using pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.oid = p_parent and pt.schema_name = n.nspname and pt.table_name = c.relname
    returning 1)
  select exists (select from gone)
$$;

-- One pass over registered tables (or one): premake, default partition check (alert, repair),
-- retention, BRIN, parent ANALYZE. Each table is handled in its own subtransaction, so one
-- failing table (say, a lock timeout) does not stop the others; its error is recorded and alerted.
create function ops.partition_maintain(p_parent regclass default null)
returns table (parent text, created integer, dropped integer, default_rows bigint, repaired bigint, analyze_queued boolean, error text)
language plpgsql volatile security definer set search_path = '' as $$
declare
  t ops.partitioned_tables;
  s ops.maintenance_settings;
  k record;
  d record;
  p record;
  v_rel regclass;
  v_base timestamptz;
  v_moved bigint;
  v_old_timeout text := pg_catalog.current_setting('lock_timeout');
  v_n integer;
begin
  select * into s from ops.maintenance_settings;
  perform pg_catalog.set_config('lock_timeout', (extract(epoch from s.ddl_lock_timeout) * 1000)::bigint::text, true);
  for t in select pt.* from ops.partitioned_tables pt
           where p_parent is null or pg_catalog.to_regclass(pg_catalog.format('%I.%I', pt.schema_name, pt.table_name)) = p_parent
           order by pt.schema_name, pt.table_name loop
    parent := pg_catalog.format('%I.%I', t.schema_name, t.table_name);
    created := 0;
    dropped := 0;
    default_rows := 0;
    repaired := 0;
    analyze_queued := false;
    error := null;
    v_rel := pg_catalog.to_regclass(parent);
    begin
      if v_rel is null then
        raise exception 'table % no longer exists; unregister it', parent;
      end if;
      select * into k from ops.partition_key(v_rel);

      -- Default partition: rows here mean a period had no partition when they arrived.
      select * into d from ops.partitions(v_rel) x where x.is_default;
      if not found then
        execute pg_catalog.format('CREATE TABLE %I.%I PARTITION OF %I.%I DEFAULT',
          t.schema_name, pg_catalog.left(t.table_name, 55) || '_default', t.schema_name, t.table_name);
        perform ops.partition_secure(t.schema_name, pg_catalog.left(t.table_name, 55) || '_default', v_rel);
      else
        execute pg_catalog.format('SELECT count(*) FROM %I.%I', d.schema_name, d.partition_name) into default_rows;
        if default_rows > 0 then
          perform ops.outbox_enqueue('alert', pg_catalog.jsonb_build_object(
              'alert_type', 'partition_default_rows', 'severity', 'warning',
              'labels', pg_catalog.jsonb_build_object('table', parent),
              'message', pg_catalog.format('%s rows in default partition %I.%I of %s%s', default_rows, d.schema_name,
                d.partition_name, parent, case when t.auto_repair_default then '; moving them to their own partitions' else '' end),
              'rows', default_rows),
            'partitioned_table', parent, pg_catalog.format('partition:%s', parent),
            pg_catalog.format('partition-default:%s:%s', parent, pg_catalog.to_char(now() at time zone 'UTC', 'YYYY-MM-DD')));
          if t.auto_repair_default then
            select coalesce(sum(r.rows_moved), 0)::bigint, count(*)::integer into repaired, v_n from ops.partition_repair_default(v_rel) r;
            created := created + v_n;
          end if;
        end if;
      end if;

      -- Premake: the current period and the next `premake`.
      v_base := ops.partition_period_start(now(), t.period);
      for i in 0..t.premake loop
        select count(*)::integer, coalesce(sum(c.rows_moved), 0)::bigint into v_n, v_moved
        from ops.partition_create(v_rel, ops.partition_period_add(v_base, t.period, i)) c;
        created := created + v_n;
        repaired := repaired + v_moved;
      end loop;

      -- Retention: drop whole partitions whose range ended before the horizon.
      if t.retention is not null then
        for p in select * from ops.partitions(v_rel) x
                 where not x.is_default and x.upper_bound <= now() - t.retention order by x.lower_bound loop
          execute pg_catalog.format('ALTER TABLE %I.%I DETACH PARTITION %I.%I', t.schema_name, t.table_name, p.schema_name, p.partition_name);
          execute pg_catalog.format('DROP TABLE %I.%I', p.schema_name, p.partition_name);
          dropped := dropped + 1;
        end loop;
      end if;

      -- BRIN on the time column: tiny, and time-range scans inside a partition skip most pages.
      -- 32 pages per range instead of 128: daily partitions are often only a few hundred pages.
      if t.brin and not exists (
          select from pg_catalog.pg_index ix join pg_catalog.pg_class ic on ic.oid = ix.indexrelid
          join pg_catalog.pg_am am on am.oid = ic.relam
          where ix.indrelid = v_rel and am.amname = 'brin'
            and ix.indkey[0] = (select a.attnum from pg_catalog.pg_attribute a where a.attrelid = v_rel and a.attname = k.column_name)) then
        execute pg_catalog.format('CREATE INDEX ON %I.%I USING brin (%I) WITH (pages_per_range = 32)', t.schema_name, t.table_name, k.column_name);
      end if;

      if ops.parent_analyze_reason(v_rel) is not null then
        perform ops.maintenance_enqueue('analyze', v_rel, null, ops.parent_analyze_reason(v_rel), null, false, 'ops.partition_maintain');
        analyze_queued := true;
      end if;
      update ops.partitioned_tables set last_maintained_at = now(), last_error = null
      where schema_name = t.schema_name and table_name = t.table_name;
    exception when others then
      error := sqlerrm;
      update ops.partitioned_tables set last_error = sqlerrm
      where schema_name = t.schema_name and table_name = t.table_name;
      perform ops.outbox_enqueue('alert', pg_catalog.jsonb_build_object(
          'alert_type', 'partition_maintenance_failed', 'severity', 'warning',
          'labels', pg_catalog.jsonb_build_object('table', parent),
          'message', pg_catalog.format('partition maintenance of %s failed: %s', parent, sqlerrm)),
        'partitioned_table', parent, pg_catalog.format('partition:%s', parent),
        pg_catalog.format('partition-failed:%s:%s', parent, pg_catalog.to_char(now() at time zone 'UTC', 'YYYY-MM-DD')));
    end;
    return next;
  end loop;
  perform pg_catalog.set_config('lock_timeout', v_old_timeout, true);
end
$$;

revoke execute on function
  ops.partition_key(regclass),
  ops.partition_period_start(timestamptz, text),
  ops.partition_period_add(timestamptz, text, integer),
  ops.partition_bound_literal(timestamptz, regtype),
  ops.partition_name(text, timestamptz, text),
  ops.partitions(regclass),
  ops.partition_key_expr(text, regtype),
  ops.partition_secure(text, text, regclass),
  ops.partition_create(regclass, timestamptz),
  ops.partition_repair_default(regclass, integer),
  ops.partition_register(regclass, text, integer, interval, boolean, boolean, boolean),
  ops.partition_unregister(regclass),
  ops.partition_maintain(regclass)
from public, anon, authenticated;
grant execute on function
  ops.partition_key(regclass),
  ops.partition_period_start(timestamptz, text),
  ops.partition_period_add(timestamptz, text, integer),
  ops.partition_bound_literal(timestamptz, regtype),
  ops.partition_name(text, timestamptz, text),
  ops.partitions(regclass),
  ops.partition_repair_default(regclass, integer),
  ops.partition_register(regclass, text, integer, interval, boolean, boolean, boolean),
  ops.partition_unregister(regclass),
  ops.partition_maintain(regclass)
to service_role;
