-- public.metrics (seed 003, issue 10): per-workspace time series, daily native range partitions
-- on "time" handed to the partition manager (7 days premade, partitions older than 30 days
-- dropped whole). Written in bulk by the backend (service_role) through ops.metrics_record;
-- members read their workspace's series through RLS, e.g. with public.get_metric_series.
--
-- Seed defects fixed here:
--  * TimescaleDB (create_hypertable, add_retention_policy) is not available on Supabase's
--    Postgres here: native partitions plus ops.partition_register do the same job.
--  * PRIMARY KEY (time, metric_name, workspace_id) made workspace_id, a nullable column, part of
--    the key (Postgres forces it NOT NULL, so "global" rows were impossible anyway), and it allowed
--    one sample per metric and instant: two samples with different tags at the same time collided.
--    Here workspace_id is NOT NULL (every sample belongs to a workspace, which RLS keys on) and
--    the key is (time, workspace_id, id): time because a unique constraint of a partitioned
--    table must contain the partition key, and leading so inserts append at the right edge of
--    the index; workspace_id so the key stays valid when the table is distributed by tenant
--    (Citus needs the distribution column in every unique constraint); id, an identity, so any
--    number of samples may share an instant.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table public.metrics (
  time timestamptz not null,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  id bigint generated always as identity,
  metric_name text not null check (metric_name ~ '^[A-Za-z_][A-Za-z0-9_.:/-]{0,99}$'),
  value double precision not null
    check (value not in ('NaN'::double precision, 'Infinity'::double precision, '-Infinity'::double precision)),
  tags jsonb not null default '{}'::jsonb check (jsonb_typeof(tags) = 'object'),
  primary key (time, workspace_id, id)
) partition by range (time);
comment on table public.metrics is 'Workspace metrics (seed 003): daily partitions, 30 days retention (ops.partition_register). Members read; service_role writes through ops.metrics_record.';
-- Series of one metric in one workspace, newest first; also covers the workspace_id foreign key
-- (the cascade when a workspace is deleted). The BRIN index on time is added by the partition
-- manager (ops.partition_maintain, pages_per_range 32).
create index idx_metrics_workspace_metric_time on public.metrics (workspace_id, metric_name, time desc);

alter table public.metrics enable row level security;
revoke all on table public.metrics from anon, authenticated;
grant select on table public.metrics to authenticated;

create policy metrics_select_member on public.metrics
  for select to authenticated using (workspace_id in (
    select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())));

select ops.partition_register('public.metrics', p_period => 'day', p_premake => 7, p_retention => interval '30 days');

-- Bulk insert: p_samples is a JSON array of up to 10000 objects
--   {"workspace_id": uuid, "metric_name": text, "value": number, "time"?: ISO 8601 with offset,
--    "tags"?: object}
-- Every sample is checked before anything is written, and the first bad one is reported by its
-- index (all or nothing). JSON has no NaN or Infinity: JSON.stringify turns them into null, and
-- some encoders write them as strings; both are refused with a message saying so. Times must
-- carry an offset (a bare local time would be read in the session's time zone), and lie between
-- now minus the table's retention (older samples would be dropped at once) and now plus one day.
-- Returns the number of rows inserted.
create function ops.metrics_record(p_samples jsonb) returns bigint
language plpgsql volatile set search_path = '' as $$
declare
  c_max_samples constant integer := 10000;
  e record;
  v_err text;
  v_key text;
  v_num numeric;
  v_time timestamptz;
  v_retention interval;
  v_ws uuid;
  v_inserted bigint;
begin
  if p_samples is null or pg_catalog.jsonb_typeof(p_samples) <> 'array' then
    raise exception 'ops.metrics_record: samples must be a JSON array of objects, got %',
      coalesce(pg_catalog.jsonb_typeof(p_samples), 'null') using errcode = 'invalid_parameter_value';
  end if;
  if pg_catalog.jsonb_array_length(p_samples) > c_max_samples then
    raise exception 'ops.metrics_record: % samples in one call; at most %', pg_catalog.jsonb_array_length(p_samples), c_max_samples
      using errcode = 'program_limit_exceeded', hint = 'Split the batch.';
  end if;
  select coalesce(pt.retention, interval '30 days') into v_retention
  from ops.partitioned_tables pt where pt.schema_name = 'public' and pt.table_name = 'metrics';
  v_retention := coalesce(v_retention, interval '30 days');

  for e in select x.value as s, x.ordinality - 1 as i from pg_catalog.jsonb_array_elements(p_samples) with ordinality x loop
    v_err := null;
    if pg_catalog.jsonb_typeof(e.s) <> 'object' then
      v_err := pg_catalog.format('must be an object, got %s', pg_catalog.jsonb_typeof(e.s));
    else
      select k into v_key from pg_catalog.jsonb_object_keys(e.s) k
      where k not in ('time', 'workspace_id', 'metric_name', 'value', 'tags') order by k limit 1;
      if v_key is not null then
        v_err := pg_catalog.format('unknown key %s (expected time, workspace_id, metric_name, value, tags)', pg_catalog.quote_ident(v_key));
      elsif pg_catalog.jsonb_typeof(e.s -> 'workspace_id') is distinct from 'string'
         or (e.s ->> 'workspace_id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
        v_err := 'workspace_id must be a uuid string';
      elsif pg_catalog.jsonb_typeof(e.s -> 'metric_name') is distinct from 'string'
         or (e.s ->> 'metric_name') !~ '^[A-Za-z_][A-Za-z0-9_.:/-]{0,99}$' then
        v_err := 'metric_name must be 1..100 characters of letters, digits, _ . : / -, starting with a letter or _';
      elsif pg_catalog.jsonb_typeof(e.s -> 'value') is null or pg_catalog.jsonb_typeof(e.s -> 'value') = 'null' then
        v_err := 'value is missing or null (JSON.stringify writes NaN and Infinity as null): metrics must be finite numbers';
      elsif pg_catalog.jsonb_typeof(e.s -> 'value') = 'string'
         and pg_catalog.lower(pg_catalog.btrim(e.s ->> 'value')) in ('nan', 'infinity', '+infinity', '-infinity', 'inf', '+inf', '-inf') then
        v_err := pg_catalog.format('value must be a finite number, got %s', e.s ->> 'value');
      elsif pg_catalog.jsonb_typeof(e.s -> 'value') <> 'number' then
        v_err := pg_catalog.format('value must be a JSON number, got %s', pg_catalog.jsonb_typeof(e.s -> 'value'));
      elsif pg_catalog.jsonb_typeof(e.s -> 'tags') not in ('object', 'null') then
        v_err := pg_catalog.format('tags must be an object, got %s', pg_catalog.jsonb_typeof(e.s -> 'tags'));
      elsif pg_catalog.jsonb_typeof(e.s -> 'time') not in ('string', 'null') then
        v_err := pg_catalog.format('time must be an ISO 8601 string, got %s', pg_catalog.jsonb_typeof(e.s -> 'time'));
      elsif pg_catalog.jsonb_typeof(e.s -> 'time') = 'string'
         and (e.s ->> 'time') !~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|z|[+-]\d{2}(:?\d{2})?)$' then
        v_err := pg_catalog.format('time %s must be ISO 8601 with a UTC offset (2026-01-31T12:00:00Z)', e.s ->> 'time');
      end if;
      if v_err is null then
        v_num := (e.s ->> 'value')::numeric;
        if pg_catalog.abs(v_num) > 1.7976931348623157e308 or (v_num <> 0 and pg_catalog.abs(v_num) < 2.2250738585072014e-308) then
          v_err := pg_catalog.format('value %s is outside the range of double precision', pg_catalog.left(e.s ->> 'value', 40));
        end if;
      end if;
      if v_err is null and pg_catalog.jsonb_typeof(e.s -> 'time') = 'string' then
        begin
          v_time := (e.s ->> 'time')::timestamptz;
          if v_time < now() - v_retention or v_time > now() + interval '1 day' then
            v_err := pg_catalog.format('time %s is outside the accepted window (now - %s .. now + 1 day)', e.s ->> 'time', v_retention);
          end if;
        exception when datetime_field_overflow or invalid_datetime_format then
          v_err := pg_catalog.format('time %s is not a valid timestamp', e.s ->> 'time');
        end;
      end if;
    end if;
    if v_err is not null then
      raise exception 'ops.metrics_record: sample [%]: %', e.i, v_err using errcode = 'invalid_parameter_value';
    end if;
  end loop;

  select w.id into v_ws
  from (select distinct (x ->> 'workspace_id')::uuid as id from pg_catalog.jsonb_array_elements(p_samples) x) w
  where not exists (select from public.workspaces ws where ws.id = w.id)
  limit 1;
  if v_ws is not null then
    raise exception 'ops.metrics_record: workspace % does not exist', v_ws using errcode = 'foreign_key_violation';
  end if;

  insert into public.metrics (time, workspace_id, metric_name, value, tags)
  select coalesce((x ->> 'time')::timestamptz, now()), (x ->> 'workspace_id')::uuid, x ->> 'metric_name',
    (x ->> 'value')::double precision, coalesce(nullif(x -> 'tags', 'null'::jsonb), '{}'::jsonb)
  from pg_catalog.jsonb_array_elements(p_samples) x;
  get diagnostics v_inserted = row_count;
  return v_inserted;
end
$$;
revoke execute on function ops.metrics_record(jsonb) from public, anon, authenticated;
grant execute on function ops.metrics_record(jsonb) to service_role;

-- One metric of one workspace in [from_time, to_time), in buckets of bucket_width: every bucket
-- of the range (empty ones with samples 0), with count, avg, min, max and the 95th percentile
-- (continuous). Buckets are aligned to a fixed origin, 2000-01-03 00:00 UTC (a Monday), not to
-- from_time, so the same bucket has the same bounds in every query (1 day buckets start at UTC
-- midnight, 7 day buckets on Mondays); the first and last bucket may be partial. Fixed-length
-- buckets only (date_bin): no months or years. At most 10000 buckets per call. tag_filter keeps
-- samples whose tags contain it (jsonb @>). SECURITY INVOKER: RLS decides; a workspace the caller
-- cannot see gives no rows at all.
create function public.get_metric_series(
  workspace uuid,
  metric text,
  from_time timestamptz,
  to_time timestamptz,
  bucket_width interval,
  tag_filter jsonb default null
) returns table (bucket timestamptz, samples bigint, avg double precision, min double precision, max double precision, p95 double precision)
language plpgsql stable set search_path = '' as $$
declare
  c_max_buckets constant bigint := 10000;
  c_origin constant timestamptz := timestamptz '2000-01-03 00:00:00+00';
  v_step numeric;
  v_first timestamptz;
  v_buckets numeric;
begin
  if workspace is null or metric is null or from_time is null or to_time is null or bucket_width is null then
    raise exception 'get_metric_series: workspace, metric, from_time, to_time and bucket_width are required'
      using errcode = 'null_value_not_allowed';
  end if;
  if pg_catalog.isfinite(from_time) is not true or pg_catalog.isfinite(to_time) is not true or to_time <= from_time then
    raise exception 'get_metric_series: need finite from_time < to_time, got % .. %', from_time, to_time
      using errcode = 'invalid_parameter_value';
  end if;
  if extract(month from bucket_width) <> 0 or extract(year from bucket_width) <> 0 then
    raise exception 'get_metric_series: bucket_width % has months or years; buckets have a fixed length, use days (30 days)', bucket_width
      using errcode = 'invalid_parameter_value';
  end if;
  v_step := extract(epoch from bucket_width);
  if v_step <= 0 then
    raise exception 'get_metric_series: bucket_width must be positive, got %', bucket_width using errcode = 'invalid_parameter_value';
  end if;
  if tag_filter is not null and pg_catalog.jsonb_typeof(tag_filter) <> 'object' then
    raise exception 'get_metric_series: tag_filter must be a JSON object, got %', pg_catalog.jsonb_typeof(tag_filter)
      using errcode = 'invalid_parameter_value';
  end if;
  v_first := pg_catalog.date_bin(bucket_width, from_time, c_origin);
  v_buckets := pg_catalog.ceil(extract(epoch from to_time - v_first) / v_step);
  if v_buckets > c_max_buckets then
    raise exception 'get_metric_series: % .. % in buckets of % is % buckets; at most %', from_time, to_time, bucket_width, v_buckets, c_max_buckets
      using errcode = 'program_limit_exceeded', hint = 'Use a wider bucket_width or a shorter range.';
  end if;
  if not exists (select from public.workspaces w where w.id = workspace) then
    return;
  end if;
  -- Bucket starts by index: fixed-length steps from v_first (adding '1 day' to a timestamptz
  -- would follow the session's daylight saving changes, date_bin does not).
  return query
  select g.b, coalesce(a.n, 0)::bigint, a.avg_v, a.min_v, a.max_v, a.p95_v
  from (select v_first + pg_catalog.make_interval(secs => (i * v_step)::double precision) as b
        from pg_catalog.generate_series(0, v_buckets::bigint - 1) i) g
  left join (
    select pg_catalog.date_bin(bucket_width, m.time, c_origin) as b, count(*) as n,
      pg_catalog.avg(m.value) as avg_v, pg_catalog.min(m.value) as min_v, pg_catalog.max(m.value) as max_v,
      pg_catalog.percentile_cont(0.95) within group (order by m.value) as p95_v
    from public.metrics m
    where m.workspace_id = workspace and m.metric_name = metric
      and m.time >= from_time and m.time < to_time
      and (tag_filter is null or m.tags operator(pg_catalog.@>) tag_filter)
    group by 1) a on a.b = g.b
  order by g.b;
end
$$;
comment on function public.get_metric_series(uuid, text, timestamptz, timestamptz, interval, jsonb) is 'Bucketed series (date_bin, origin 2000-01-03 UTC) of one workspace metric: samples, avg, min, max, p95 per bucket, empty buckets included; at most 10000 buckets; RLS applies.';
revoke execute on function public.get_metric_series(uuid, text, timestamptz, timestamptz, interval, jsonb) from public, anon;
grant execute on function public.get_metric_series(uuid, text, timestamptz, timestamptz, interval, jsonb) to authenticated, service_role;
