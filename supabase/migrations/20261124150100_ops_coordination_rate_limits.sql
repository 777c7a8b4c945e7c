-- Rate limits: GCRA (the generic cell rate algorithm of redis-cell), exact under concurrency,
-- O(1) state per key: one timestamp, the theoretical arrival time (TAT). See docs/coordination.md.
-- The seed's v_active_rate_limits view over ai_usage_tracking belongs to the usage-tracking module.
set lock_timeout = '5s';
set statement_timeout = '60s';

-- UNLOGGED: a check writes no WAL and commits without a flush, which is most of its cost. The price
-- is that a crash or failover empties the table, i.e. every key starts with a full burst again
-- (fail-open after a crash). Limits are abuse protection, not accounting, so that trade is right.
-- A row whose tat is in the past carries no information (the bucket is full); the purge drops it.
create unlogged table ops.rate_limits (
  -- no CHECK on the key: it would be re-evaluated on every update; ops.rate_limit_check validates it
  rate_key text primary key,
  -- microseconds since the Unix epoch, the same unit the Redis script uses
  tat_us bigint not null
) with (fillfactor = 70);
comment on table ops.rate_limits is
  'GCRA state per key: theoretical arrival time in µs since epoch. Unlogged: a crash resets limits.';

alter table ops.rate_limits enable row level security;
create policy "Only the service role manages rate limits" on ops.rate_limits
  for all to service_role
  using ((select auth.role()) = 'service_role')
  with check ((select auth.role()) = 'service_role');
revoke all on ops.rate_limits from public, anon, authenticated;
grant select, insert, update, delete on ops.rate_limits to service_role;

-- The algorithm, pure, in integer microseconds so Postgres and the Redis Lua script
-- (functions/_shared/rate-limit.ts) agree to the microsecond; both run the same conformance cases.
--   T   = period / limit        emission interval: one unit of cost refills every T
--   tau = T * limit             burst tolerance: a full bucket admits `limit` at once
--   tat' = max(tat, now) + T * cost, admitted iff tat' - tau <= now
-- A denied request leaves tat unchanged. remaining is whole units of cost available after the
-- decision; retry_after is how long until this cost would be admitted (0 when admitted);
-- reset_after is how long until the bucket is full again.
create function ops.rate_limit_gcra(
  p_tat_us bigint, p_now_us bigint, p_limit integer, p_period_us bigint, p_cost integer,
  out allowed boolean, out new_tat_us bigint, out remaining integer, out retry_after_us bigint, out reset_after_us bigint
)
language plpgsql immutable set search_path = '' as $$
declare
  v_t bigint;
  v_tau bigint;
  v_base bigint;
  v_next bigint;
begin
  if p_limit is null or p_limit <= 0 then
    raise exception 'rate limit must be a positive integer, got %', coalesce(p_limit::text, 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_period_us is null or p_period_us <= 0 then
    raise exception 'rate limit period must be positive, got % µs', coalesce(p_period_us::text, 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_cost is null or p_cost < 0 or p_cost > p_limit then
    raise exception 'rate limit cost must be between 0 and the limit (%), got %', p_limit, coalesce(p_cost::text, 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  v_t := p_period_us / p_limit;
  if v_t < 1 then
    raise exception 'rate limit % per % µs is finer than 1 µs per request', p_limit, p_period_us
      using errcode = 'invalid_parameter_value';
  end if;
  v_tau := v_t * p_limit;
  v_base := greatest(coalesce(p_tat_us, p_now_us), p_now_us);
  v_next := v_base + v_t * p_cost;
  if v_next - v_tau <= p_now_us then
    allowed := true;
    new_tat_us := v_next;
    retry_after_us := 0;
  else
    allowed := false;
    new_tat_us := v_base;
    retry_after_us := v_next - v_tau - p_now_us;
  end if;
  remaining := greatest(0, (v_tau - (new_tat_us - p_now_us)) / v_t)::integer;
  reset_after_us := new_tat_us - p_now_us;
end
$$;

-- Check (and, when admitted, consume) p_cost units of p_limit per p_period for p_key. The row lock
-- serialises checks of one key, and the clock is read after taking it, so concurrent callers see
-- each other's consumption: exactly `limit` are admitted from a full bucket, never more.
-- Times are returned in milliseconds, rounded up (a client retrying after retry_after_ms is never early).
create function ops.rate_limit_check(p_key text, p_limit integer, p_period interval, p_cost integer default 1)
returns table (allowed boolean, remaining integer, retry_after_ms bigint, reset_after_ms bigint)
language plpgsql volatile set search_path = '' as $$
declare
  v_period_us bigint;
  v_tat bigint;
  v_now bigint;
  r record;
begin
  if p_key is null or p_key = '' or length(p_key) > 512 then
    raise exception 'rate limit key must be a non-empty string of at most 512 characters, got %', coalesce(quote_literal(p_key), 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_period is null or p_period <= interval '0' then
    raise exception 'rate limit period must be positive, got %', coalesce(p_period::text, 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  -- Checked here too (ops.rate_limit_gcra repeats them) so bad input never creates a row.
  if p_limit is null or p_limit <= 0 then
    raise exception 'rate limit must be a positive integer, got %', coalesce(p_limit::text, 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_cost is null or p_cost < 0 or p_cost > p_limit then
    raise exception 'rate limit cost must be between 0 and the limit (%), got %', p_limit, coalesce(p_cost::text, 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  v_period_us := (extract(epoch from p_period) * 1000000)::bigint;
  if v_period_us / p_limit < 1 then
    raise exception 'rate limit % per % is finer than 1 µs per request', p_limit, p_period using errcode = 'invalid_parameter_value';
  end if;

  select tat_us into v_tat from ops.rate_limits where rate_key = p_key for update;
  if not found then
    insert into ops.rate_limits (rate_key, tat_us) values (p_key, 0) on conflict (rate_key) do nothing;
    select tat_us into v_tat from ops.rate_limits where rate_key = p_key for update;
  end if;
  v_now := (extract(epoch from clock_timestamp()) * 1000000)::bigint;
  select * into r from ops.rate_limit_gcra(v_tat, v_now, p_limit, v_period_us, p_cost);
  if r.new_tat_us <> v_tat then
    update ops.rate_limits set tat_us = r.new_tat_us where rate_key = p_key;
  end if;
  return query select r.allowed, r.remaining, (r.retry_after_us + 999) / 1000, (r.reset_after_us + 999) / 1000;
end
$$;

-- Forget a key (e.g. after an operator lifts a block).
create function ops.rate_limit_reset(p_key text)
returns boolean
language sql volatile set search_path = '' as $$
  with d as (delete from ops.rate_limits where rate_key = p_key returning 1)
  select exists (select from d)
$$;

-- Drop rows whose bucket is full again (tat in the past). A concurrent check that moved tat
-- forward is re-evaluated by the DELETE and survives.
create function ops.rate_limit_purge()
returns bigint
language plpgsql volatile set search_path = '' as $$
declare
  n bigint;
begin
  delete from ops.rate_limits where tat_us < (extract(epoch from clock_timestamp()) * 1000000)::bigint;
  get diagnostics n = row_count;
  return n;
end
$$;

revoke execute on function
  ops.rate_limit_gcra(bigint, bigint, integer, bigint, integer),
  ops.rate_limit_check(text, integer, interval, integer),
  ops.rate_limit_reset(text),
  ops.rate_limit_purge()
from public, anon, authenticated;
grant execute on function
  ops.rate_limit_gcra(bigint, bigint, integer, bigint, integer),
  ops.rate_limit_check(text, integer, interval, integer),
  ops.rate_limit_reset(text),
  ops.rate_limit_purge()
to service_role;

select cron.schedule('opsbase-rate-limit-purge', '*/10 * * * *', 'select ops.rate_limit_purge()');
