-- public.ai_usage_tracking: one row per AI call (seed 000), including the cost-optimisation
-- columns cache_hit, fallback_model and circuit_breaker_state. Usage is billing data: the backend
-- (service_role) records it and users may only read their own, never write it.
set lock_timeout = '5s';
set local statement_timeout = '60s';

create table public.ai_usage_tracking (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.user_profiles (id) on delete cascade,
  model text not null check (char_length(model) between 1 and 100),
  operation text not null default 'completion' check (char_length(operation) between 1 and 100),
  -- Per-call token counts and latency stay far below 2^31.
  -- squawk-ignore prefer-bigint-over-int
  prompt_tokens integer not null default 0 check (prompt_tokens >= 0),
  -- squawk-ignore prefer-bigint-over-int
  completion_tokens integer not null default 0 check (completion_tokens >= 0),
  -- squawk-ignore prefer-bigint-over-int
  total_tokens integer generated always as (prompt_tokens + completion_tokens) stored,
  cost_usd numeric(12, 6) not null default 0 check (cost_usd >= 0),
  -- squawk-ignore prefer-bigint-over-int
  latency_ms integer check (latency_ms >= 0),
  cache_hit boolean not null default false,
  -- The model actually used when the requested one was unavailable.
  fallback_model text check (char_length(fallback_model) between 1 and 100),
  -- The breaker state of `model` when the call was made (same states as the breaker module).
  circuit_breaker_state text check (circuit_breaker_state in ('closed', 'open', 'half-open')),
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  created_at timestamptz not null default now()
);
comment on table public.ai_usage_tracking is 'AI calls and their cost. Written by the backend (service_role); users read their own rows.';

-- Seed 000 §6; also covers the user_id foreign key and the per-user rate-limit view.
create index idx_ai_usage_user_model_time on public.ai_usage_tracking (user_id, model, created_at desc);
-- Seed 000 §1's partial indexes, keyed on something useful: an index on (cache_hit) WHERE
-- cache_hit = true stores one constant value.
create index idx_ai_usage_cache_hit on public.ai_usage_tracking (created_at) where cache_hit;
create index idx_ai_usage_fallback on public.ai_usage_tracking (fallback_model, created_at) where fallback_model is not null;
-- The reporting views read the last hours of an append-only table: BRIN stays tiny.
create index idx_ai_usage_created_at_brin on public.ai_usage_tracking using brin (created_at);

alter table public.ai_usage_tracking enable row level security;
revoke all on table public.ai_usage_tracking from anon, authenticated;
grant select on table public.ai_usage_tracking to authenticated;

create policy ai_usage_tracking_select_own on public.ai_usage_tracking
  for select to authenticated using (user_id = (select auth.uid()));
