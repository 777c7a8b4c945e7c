-- context_snapshots (point-in-time saves of a session's context window, with the metrics of how
-- it was built) and state_checkpoints (recovery points of all of an agent's current states).
-- Both are immutable once written and carry their own expiry; ops.apply_app_retention() deletes
-- expired rows.
set lock_timeout = '5s';
set local statement_timeout = '60s';

create table public.context_snapshots (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null,
  user_id uuid not null default auth.uid(),
  -- The context as sent to the model: message ids, summary, memory ids, system prompt version.
  snapshot jsonb not null check (jsonb_typeof(snapshot) = 'object'),
  -- Tokens of one context window.
  -- squawk-ignore prefer-bigint-over-int
  token_count integer not null default 0 check (token_count >= 0),
  -- How it was optimised: e.g. {"compression_ratio": 0.4, "dropped_messages": 12, "build_ms": 31}.
  metrics jsonb not null default '{}'::jsonb check (jsonb_typeof(metrics) = 'object'),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '30 days',
  constraint context_snapshots_session_fkey foreign key (session_id, user_id)
    references public.conversation_sessions (id, user_id) on delete cascade
);
comment on table public.context_snapshots is 'Immutable snapshots of a session''s context window. Deleted after expires_at (default 30 days).';
create index idx_context_snapshots_session_created on public.context_snapshots (session_id, user_id, created_at desc);
create index idx_context_snapshots_expires_at on public.context_snapshots (expires_at);

create table public.state_checkpoints (
  id uuid primary key default gen_random_uuid(),
  agent_id uuid not null,
  user_id uuid not null default auth.uid(),
  checkpoint_type text not null default 'manual'
    check (checkpoint_type in ('automatic', 'manual', 'pre_update', 'recovery')),
  label text check (char_length(label) <= 200),
  -- {"<state_type>": {"version": n, "state_hash": "…", "state_data": {…}}, …}
  states jsonb not null check (jsonb_typeof(states) = 'object'),
  checkpoint_hash text not null default '',
  created_at timestamptz not null default now(),
  -- null keeps the checkpoint until deleted; set from checkpoint_type when not given.
  retain_until timestamptz,
  constraint state_checkpoints_agent_fkey foreign key (agent_id, user_id)
    references public.agents (id, user_id) on delete cascade
);
comment on table public.state_checkpoints is 'Recovery points of an agent''s current states. Retention by type: automatic 7 days, pre_update 30, recovery 90, manual kept.';
create index idx_state_checkpoints_agent_created on public.state_checkpoints (agent_id, user_id, created_at desc);
create index idx_state_checkpoints_retain_until on public.state_checkpoints (retain_until) where retain_until is not null;

-- Hash and default retention are derived here, so direct inserts get them too.
create or replace function ops.state_checkpoints_before_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.checkpoint_hash := pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(new.states::text, 'UTF8')), 'hex');
  if new.retain_until is null then
    new.retain_until := new.created_at + case new.checkpoint_type
      when 'automatic' then interval '7 days'
      when 'pre_update' then interval '30 days'
      when 'recovery' then interval '90 days'
      else null
    end;
  end if;
  return new;
end
$$;
revoke execute on function ops.state_checkpoints_before_insert() from public, anon, authenticated;
grant execute on function ops.state_checkpoints_before_insert() to service_role;
create trigger state_checkpoints_before_insert
  before insert on public.state_checkpoints
  for each row execute function ops.state_checkpoints_before_insert();

alter table public.context_snapshots enable row level security;
alter table public.state_checkpoints enable row level security;
-- Immutable: no UPDATE for users.
revoke all on table public.context_snapshots, public.state_checkpoints from anon, authenticated;
grant select, insert, delete on table public.context_snapshots, public.state_checkpoints to authenticated;

create policy context_snapshots_select_own on public.context_snapshots
  for select to authenticated using (user_id = (select auth.uid()));
create policy context_snapshots_insert_own on public.context_snapshots
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy context_snapshots_delete_own on public.context_snapshots
  for delete to authenticated using (user_id = (select auth.uid()));

create policy state_checkpoints_select_own on public.state_checkpoints
  for select to authenticated using (user_id = (select auth.uid()));
create policy state_checkpoints_insert_own on public.state_checkpoints
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy state_checkpoints_delete_own on public.state_checkpoints
  for delete to authenticated using (user_id = (select auth.uid()));

-- Checkpoint every current state of an agent.
create or replace function public.create_state_checkpoint(
  p_agent_id uuid,
  p_checkpoint_type text default 'manual',
  p_label text default null
)
returns public.state_checkpoints
language plpgsql
security invoker
set search_path = ''
as $$
declare
  owner_id uuid;
  saved public.state_checkpoints;
begin
  select a.user_id into owner_id from public.agents a where a.id = p_agent_id;
  if owner_id is null then
    raise exception 'agent % not found', p_agent_id using errcode = 'no_data_found';
  end if;
  insert into public.state_checkpoints (agent_id, user_id, checkpoint_type, label, states)
  select p_agent_id, owner_id, p_checkpoint_type, p_label,
         coalesce(pg_catalog.jsonb_object_agg(s.state_type, pg_catalog.jsonb_build_object(
           'version', s.version, 'state_hash', s.state_hash, 'state_data', s.state_data)), '{}'::jsonb)
  from public.agent_states s
  where s.agent_id = p_agent_id and s.is_current
  returning * into saved;
  return saved;
end
$$;

-- Restore: verify the checkpoint and every state in it, then save each as a new version
-- (history is never rewritten). Returns the new current rows.
create or replace function public.restore_state_checkpoint(p_checkpoint_id uuid)
returns setof public.agent_states
language plpgsql
security invoker
set search_path = ''
as $$
declare
  cp public.state_checkpoints;
  st record;
begin
  select * into cp from public.state_checkpoints c where c.id = p_checkpoint_id;
  if cp.id is null then
    raise exception 'checkpoint % not found', p_checkpoint_id using errcode = 'no_data_found';
  end if;
  if cp.checkpoint_hash <> pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(cp.states::text, 'UTF8')), 'hex') then
    raise exception 'checkpoint % is corrupted: hash mismatch', p_checkpoint_id using errcode = 'data_corrupted';
  end if;
  for st in select e.key as state_type, e.value as entry from pg_catalog.jsonb_each(cp.states) as e loop
    if st.entry ->> 'state_hash' <> pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to((st.entry -> 'state_data')::text, 'UTF8')), 'hex') then
      raise exception 'checkpoint %: % state hash mismatch', p_checkpoint_id, st.state_type using errcode = 'data_corrupted';
    end if;
    return next public.save_agent_state(cp.agent_id, st.state_type, st.entry -> 'state_data');
  end loop;
end
$$;

comment on function public.create_state_checkpoint(uuid, text, text) is 'Checkpoints every current state of an agent; retention follows the checkpoint type.';
comment on function public.restore_state_checkpoint(uuid) is 'Verifies a checkpoint''s hashes and saves each of its states as a new current version.';
revoke execute on function public.create_state_checkpoint(uuid, text, text), public.restore_state_checkpoint(uuid) from public, anon;
grant execute on function public.create_state_checkpoint(uuid, text, text), public.restore_state_checkpoint(uuid) to authenticated, service_role;
