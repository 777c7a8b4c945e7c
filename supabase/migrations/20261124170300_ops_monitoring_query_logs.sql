-- query_performance_logs: app-side timings (seed 002's logQuery / withQueryLogging), written in
-- batches by functions/_shared/query-log.ts through ops.log_query_performance(). Daily partitions;
-- retention drops whole partitions instead of deleting rows.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table ops.query_performance_logs (
  id bigint generated always as identity,
  execution_timestamp timestamptz not null default now(),
  query_text text not null check (length(query_text) between 1 and 10000),
  -- md5 of ops.normalize_query(query_text): groups the same statement with different literals.
  query_hash text not null,
  duration_ms numeric not null check (duration_ms >= 0),
  user_id uuid,
  endpoint text check (length(endpoint) <= 500),
  parameters jsonb,
  error_message text,
  stack_trace text,
  primary key (execution_timestamp, id)
) partition by range (execution_timestamp);
create index query_performance_logs_endpoint_idx on ops.query_performance_logs (endpoint, execution_timestamp);
create index query_performance_logs_hash_idx on ops.query_performance_logs (query_hash, execution_timestamp);
comment on table ops.query_performance_logs is 'App-side query timings; daily partitions, dropped after query_log_retention_days.';

alter table ops.query_performance_logs enable row level security;
revoke all on ops.query_performance_logs from public, anon, authenticated;
grant select, insert on ops.query_performance_logs to service_role;

select ops.ensure_time_partitions('ops.query_performance_logs', 'day', now() - interval '1 day', 9);

-- Literals out, whitespace folded, lower case: "select * from t where id = 42" and "... id = 7"
-- normalise to the same text. Quoted identifiers keep their case.
create function ops.normalize_query(p_query text)
returns text
language sql immutable strict set search_path = '' as $$
  select lower(pg_catalog.regexp_replace(
    pg_catalog.regexp_replace(
      pg_catalog.regexp_replace(
        pg_catalog.regexp_replace(p_query, '''(?:[^'']|'''')*''', '?', 'g'),
        '\$[0-9]+', '?', 'g'),
      '\m[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?\M', '?', 'g'),
    '\s+', ' ', 'g'))
$$;

create function ops.query_hash(p_query text)
returns text
language sql immutable strict set search_path = '' as $$
  select pg_catalog.md5(btrim(ops.normalize_query(p_query)))
$$;

-- Insert a batch: a JSON array of {query_text, duration_ms, endpoint?, user_id?, parameters?,
-- error_message?, stack_trace?, executed_at?, query_hash?}. Returns rows inserted.
create function ops.log_query_performance(p_entries jsonb)
returns integer
language plpgsql volatile set search_path = '' as $$
declare
  n integer;
  bad text;
begin
  if p_entries is null or jsonb_typeof(p_entries) <> 'array' then
    raise exception 'log_query_performance: entries must be a JSON array' using errcode = 'invalid_parameter_value';
  end if;
  if jsonb_array_length(p_entries) > 10000 then
    raise exception 'log_query_performance: at most 10000 entries per batch, got %', jsonb_array_length(p_entries)
      using errcode = 'invalid_parameter_value';
  end if;
  select format('entry %s: %s', e.ord, case
      when coalesce(e.v ->> 'query_text', '') = '' then 'query_text is required'
      when jsonb_typeof(e.v -> 'duration_ms') <> 'number' then 'duration_ms must be a number'
      when (e.v ->> 'duration_ms')::numeric < 0 or (e.v ->> 'duration_ms')::numeric > 86400000
        then 'duration_ms must be between 0 and 86400000'
      when (e.v ->> 'executed_at') is not null
        and ((e.v ->> 'executed_at')::timestamptz < now() - interval '1 day'
          or (e.v ->> 'executed_at')::timestamptz > now() + interval '5 minutes')
        then 'executed_at must be within the last 24 hours'
    end)
  into bad
  from jsonb_array_elements(p_entries) with ordinality as e (v, ord)
  where coalesce(e.v ->> 'query_text', '') = ''
    or jsonb_typeof(e.v -> 'duration_ms') is distinct from 'number'
    or (e.v ->> 'duration_ms')::numeric not between 0 and 86400000
    or ((e.v ->> 'executed_at') is not null
      and ((e.v ->> 'executed_at')::timestamptz < now() - interval '1 day'
        or (e.v ->> 'executed_at')::timestamptz > now() + interval '5 minutes'))
  order by e.ord
  limit 1;
  if bad is not null then
    raise exception 'log_query_performance: %', bad using errcode = 'invalid_parameter_value';
  end if;

  insert into ops.query_performance_logs (execution_timestamp, query_text, query_hash, duration_ms, user_id,
    endpoint, parameters, error_message, stack_trace)
  select coalesce(r.executed_at, now()), left(r.query_text, 10000),
    coalesce(r.query_hash, ops.query_hash(r.query_text)), r.duration_ms, r.user_id, left(r.endpoint, 500),
    r.parameters, left(r.error_message, 2000), left(r.stack_trace, 10000)
  from jsonb_to_recordset(p_entries) as r (query_text text, duration_ms numeric, executed_at timestamptz,
    query_hash text, user_id uuid, endpoint text, parameters jsonb, error_message text, stack_trace text);
  get diagnostics n = row_count;
  return n;
end
$$;

-- Seed 002's getQueryStats, in SQL: counts, errors and percentiles over the last p_hours,
-- optionally for one endpoint or one normalised query. "Slow" is the slow_query warn threshold.
create function ops.query_log_stats(p_hours numeric default 24, p_endpoint text default null, p_query_hash text default null)
returns table (
  total_queries bigint, slow_queries bigint, error_count bigint, avg_duration_ms numeric,
  p50_duration_ms numeric, p95_duration_ms numeric, p99_duration_ms numeric, max_duration_ms numeric
)
language plpgsql stable set search_path = '' as $$
declare
  slow_ms numeric := (select t.warn_threshold from ops.alert_threshold('slow_query') t);
begin
  perform ops.check_window_hours('query_log_stats', p_hours);
  return query
  select count(*), count(*) filter (where l.duration_ms >= slow_ms), count(l.error_message),
    round(avg(l.duration_ms), 3),
    round((percentile_cont(0.5) within group (order by l.duration_ms))::numeric, 3),
    round((percentile_cont(0.95) within group (order by l.duration_ms))::numeric, 3),
    round((percentile_cont(0.99) within group (order by l.duration_ms))::numeric, 3),
    max(l.duration_ms)
  from ops.query_performance_logs l
  where l.execution_timestamp > now() - p_hours * interval '1 hour'
    and (p_endpoint is null or l.endpoint = p_endpoint)
    and (p_query_hash is null or l.query_hash = p_query_hash);
end
$$;

-- The same figures grouped by endpoint or by normalised query hash, slowest p95 first.
create function ops.query_log_summary(p_hours numeric default 24, p_group_by text default 'endpoint', p_limit integer default 50)
returns table (
  group_key text, sample_query text, calls bigint, error_count bigint, avg_duration_ms numeric,
  p95_duration_ms numeric, max_duration_ms numeric
)
language plpgsql stable set search_path = '' as $$
begin
  perform ops.check_window_hours('query_log_summary', p_hours);
  if p_group_by is null or p_group_by not in ('endpoint', 'query_hash') then
    raise exception 'query_log_summary: group_by must be endpoint or query_hash, got %', p_group_by
      using errcode = 'invalid_parameter_value';
  end if;
  if p_limit is null or p_limit < 1 or p_limit > 1000 then
    raise exception 'query_log_summary: limit must be between 1 and 1000, got %', p_limit
      using errcode = 'invalid_parameter_value';
  end if;
  return query
  select case p_group_by when 'endpoint' then l.endpoint else l.query_hash end, min(l.query_text), count(*),
    count(l.error_message), round(avg(l.duration_ms), 3),
    round((percentile_cont(0.95) within group (order by l.duration_ms))::numeric, 3), max(l.duration_ms)
  from ops.query_performance_logs l
  where l.execution_timestamp > now() - p_hours * interval '1 hour'
  group by 1
  order by 6 desc nulls last
  limit p_limit;
end
$$;

revoke execute on function
  ops.normalize_query(text),
  ops.query_hash(text),
  ops.log_query_performance(jsonb),
  ops.query_log_stats(numeric, text, text),
  ops.query_log_summary(numeric, text, integer)
from public, anon, authenticated;
grant execute on function
  ops.normalize_query(text),
  ops.query_hash(text),
  ops.log_query_performance(jsonb),
  ops.query_log_stats(numeric, text, text),
  ops.query_log_summary(numeric, text, integer)
to service_role;
