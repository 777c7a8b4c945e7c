-- public.agent_states (seed 001): versioned agent state per state type (local, shared, session,
-- persistent). Each save is a new immutable row; the previous one is marked not current.
-- Guarantees, enforced in the database rather than trusted to clients:
--   * state_hash = sha256(state_data::text): computed here; a client-supplied hash must match;
--   * rows are immutable except for retiring them (is_current true -> false);
--   * at most one current row per (agent, state type): partial unique index;
--   * at least one current row while any version exists: deferred constraint trigger.
set lock_timeout = '5s';
set local statement_timeout = '60s';

create table public.agent_states (
  id uuid primary key default gen_random_uuid(),
  agent_id uuid not null,
  user_id uuid not null default auth.uid(),
  state_type text not null check (state_type in ('local', 'shared', 'session', 'persistent')),
  version bigint not null check (version >= 1),
  state_data jsonb not null default '{}'::jsonb,
  state_hash text not null default '',
  is_current boolean not null default true,
  created_at timestamptz not null default now(),
  superseded_at timestamptz,
  constraint agent_states_superseded_check check (is_current = (superseded_at is null)),
  -- Leads with the composite foreign key, so it covers it.
  constraint agent_states_version_key unique (agent_id, user_id, state_type, version),
  constraint agent_states_agent_fkey foreign key (agent_id, user_id)
    references public.agents (id, user_id) on delete cascade
);
comment on table public.agent_states is 'Versioned agent state: immutable rows, one current per agent and state type. Save with public.save_agent_state().';
comment on column public.agent_states.state_hash is 'sha256 hex of state_data::text (jsonb''s canonical text), computed on insert.';

-- "Get agent's current state" (seed 001) and the at-most-one-current rule.
create unique index idx_agent_states_one_current on public.agent_states (agent_id, state_type) where is_current;

create or replace function ops.agent_states_before_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  computed text := pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(new.state_data::text, 'UTF8')), 'hex');
begin
  if new.state_hash <> '' and new.state_hash <> computed then
    raise exception 'agent_states: state_hash % does not match state_data (sha256 %)', new.state_hash, computed
      using errcode = 'data_corrupted';
  end if;
  new.state_hash := computed;
  new.superseded_at := case when new.is_current then null else coalesce(new.superseded_at, pg_catalog.now()) end;
  return new;
end
$$;

create or replace function ops.agent_states_before_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.agent_id, new.user_id, new.state_type, new.version, new.state_data, new.state_hash, new.created_at)
     is distinct from
     (old.id, old.agent_id, old.user_id, old.state_type, old.version, old.state_data, old.state_hash, old.created_at)
     or (new.is_current and not old.is_current) then
    raise exception 'agent_states rows are immutable: save a new version instead (public.save_agent_state)'
      using errcode = 'integrity_constraint_violation';
  end if;
  if old.is_current and not new.is_current then
    new.superseded_at := pg_catalog.now();
  end if;
  return new;
end
$$;

-- Runs at commit (deferred): every (agent, state type) that still has versions has a current one.
create or replace function ops.agent_states_check_current()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  checked public.agent_states := case when tg_op = 'DELETE' then old else new end;
begin
  if exists (select from public.agent_states s
             where s.agent_id = checked.agent_id and s.state_type = checked.state_type)
     and not exists (select from public.agent_states s
                     where s.agent_id = checked.agent_id and s.state_type = checked.state_type and s.is_current) then
    raise exception 'agent % has % state versions but none is current', checked.agent_id, checked.state_type
      using errcode = 'integrity_constraint_violation';
  end if;
  return null;
end
$$;

revoke execute on function ops.agent_states_before_insert(), ops.agent_states_before_update(), ops.agent_states_check_current()
  from public, anon, authenticated;
grant execute on function ops.agent_states_before_insert(), ops.agent_states_before_update(), ops.agent_states_check_current()
  to service_role;

create trigger agent_states_before_insert
  before insert on public.agent_states
  for each row execute function ops.agent_states_before_insert();
create trigger agent_states_before_update
  before update on public.agent_states
  for each row execute function ops.agent_states_before_update();
create constraint trigger agent_states_exactly_one_current
  after insert or update or delete on public.agent_states
  deferrable initially deferred
  for each row execute function ops.agent_states_check_current();

alter table public.agent_states enable row level security;
revoke all on table public.agent_states from anon, authenticated;
grant select, insert, update, delete on table public.agent_states to authenticated;

create policy agent_states_select_own on public.agent_states
  for select to authenticated using (user_id = (select auth.uid()));
create policy agent_states_insert_own on public.agent_states
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy agent_states_update_own on public.agent_states
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy agent_states_delete_own on public.agent_states
  for delete to authenticated using (user_id = (select auth.uid()));

-- Save a new version and retire the current one, atomically. p_expected_version gives
-- optimistic concurrency: pass the version you read; 0 means "no version yet". A mismatch
-- raises serialization_failure (40001), the code clients already retry on.
create or replace function public.save_agent_state(
  p_agent_id uuid,
  p_state_type text,
  p_state_data jsonb,
  p_expected_version bigint default null
)
returns public.agent_states
language plpgsql
security invoker
set search_path = ''
as $$
declare
  owner_id uuid;
  cur public.agent_states;
  saved public.agent_states;
begin
  -- Under RLS a caller only finds their own agents.
  select a.user_id into owner_id from public.agents a where a.id = p_agent_id;
  if owner_id is null then
    raise exception 'agent % not found', p_agent_id using errcode = 'no_data_found';
  end if;

  select * into cur from public.agent_states s
  where s.agent_id = p_agent_id and s.state_type = p_state_type and s.is_current
  for update;

  if p_expected_version is not null and coalesce(cur.version, 0) <> p_expected_version then
    raise exception 'agent % % state is at version %, expected %', p_agent_id, p_state_type, coalesce(cur.version, 0), p_expected_version
      using errcode = 'serialization_failure';
  end if;

  if cur.id is not null then
    update public.agent_states set is_current = false where id = cur.id;
  end if;

  insert into public.agent_states (agent_id, user_id, state_type, version, state_data, is_current)
  values (p_agent_id, owner_id, p_state_type, coalesce(cur.version, 0) + 1, p_state_data, true)
  returning * into saved;
  return saved;
end
$$;
comment on function public.save_agent_state(uuid, text, jsonb, bigint) is 'Saves state_data as the next version of an agent''s state type and retires the current one. Optimistic concurrency via p_expected_version.';
revoke execute on function public.save_agent_state(uuid, text, jsonb, bigint) from public, anon;
grant execute on function public.save_agent_state(uuid, text, jsonb, bigint) to authenticated, service_role;
