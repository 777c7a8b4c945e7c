-- Reporting views over ai_usage_tracking (seed 000 §5). security_invoker makes them run with
-- the caller's rights, so RLS applies: a user sees their own figures, service_role sees all.
set lock_timeout = '5s';
set local statement_timeout = '60s';

-- Requests per user and model in the last hour, named by the Redis rate-limit key they mirror.
-- The key follows functions/_shared/redis-keys.ts (tenant hash tag), not the seed's rl:{model}:{user}.
create view public.v_active_rate_limits
with (security_invoker = true)
as
select
  format('rl:{t:%s}:%s:hour', u.user_id, u.model) as redis_key,
  u.user_id,
  u.model,
  count(*) as request_count,
  max(u.created_at) as last_request,
  greatest(0, 3600 - extract(epoch from now() - min(u.created_at))::integer) as ttl_remaining
from public.ai_usage_tracking u
where u.created_at > now() - interval '1 hour'
group by u.user_id, u.model;
comment on view public.v_active_rate_limits is 'Requests per user and model in the last hour, keyed like the Redis rate-limit window. RLS applies (security_invoker).';

-- Hourly cache effectiveness over the last 24 hours. The seed computed savings as
-- sum(miss cost) - sum(all cost), which is minus the cost of the hits. Here a hit is priced at
-- the average cost of a miss of the same model in the same hour (0 when that hour had no miss):
--   cost_without_cache = miss cost + hits x average miss cost;  savings = that - actual cost.
create view public.v_cache_effectiveness
with (security_invoker = true)
as
with per_model as (
  select
    date_trunc('hour', u.created_at) as hour,
    u.model,
    count(*) filter (where u.cache_hit) as hits,
    count(*) filter (where not u.cache_hit) as misses,
    coalesce(sum(u.cost_usd) filter (where not u.cache_hit), 0) as miss_cost,
    coalesce(sum(u.cost_usd), 0) as actual_cost,
    coalesce(avg(u.cost_usd) filter (where not u.cache_hit), 0) as avg_miss_cost
  from public.ai_usage_tracking u
  where u.created_at > now() - interval '24 hours'
  group by 1, 2
)
select
  p.hour,
  sum(p.hits)::bigint as cache_hits,
  sum(p.misses)::bigint as cache_misses,
  round(sum(p.hits) * 100.0 / nullif(sum(p.hits + p.misses), 0), 2) as hit_rate,
  round(sum(p.miss_cost + p.hits * p.avg_miss_cost), 6) as cost_without_cache,
  sum(p.actual_cost) as actual_cost,
  round(sum(p.miss_cost + p.hits * p.avg_miss_cost) - sum(p.actual_cost), 6) as savings
from per_model p
group by p.hour;
comment on view public.v_cache_effectiveness is 'Hourly cache hits, hit rate and estimated savings over the last 24 hours. RLS applies (security_invoker).';

revoke all on table public.v_active_rate_limits, public.v_cache_effectiveness from anon, authenticated;
grant select on table public.v_active_rate_limits, public.v_cache_effectiveness to authenticated;
