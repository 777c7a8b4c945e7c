-- public.agents: a user's AI agents (seed 001). Agent-owned tables (memories, states,
-- checkpoints, sessions) carry the owner's user_id too and reference agents by (id, user_id):
-- the composite key makes it impossible to file a row under someone else's agent, lets RLS be a
-- plain column comparison instead of a join, and keeps the tenant in every key for sharding.
set lock_timeout = '5s';
set local statement_timeout = '60s';

create table public.agents (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references public.user_profiles (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  description text,
  model text check (char_length(model) <= 100),
  system_prompt text,
  config jsonb not null default '{}'::jsonb check (jsonb_typeof(config) = 'object'),
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Leads with user_id, so it also covers the user_id foreign key.
  constraint agents_user_id_name_key unique (user_id, name),
  -- Target of the composite foreign keys of agent-owned tables.
  constraint agents_id_user_id_key unique (id, user_id)
);
comment on table public.agents is 'AI agents. Each belongs to one user, who manages it and everything filed under it.';

create trigger agents_set_updated_at
  before update on public.agents
  for each row execute function ops.set_updated_at();

alter table public.agents enable row level security;
revoke all on table public.agents from anon, authenticated;
grant select, insert, update, delete on table public.agents to authenticated;

create policy agents_select_own on public.agents
  for select to authenticated using (user_id = (select auth.uid()));
create policy agents_insert_own on public.agents
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy agents_update_own on public.agents
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy agents_delete_own on public.agents
  for delete to authenticated using (user_id = (select auth.uid()));
