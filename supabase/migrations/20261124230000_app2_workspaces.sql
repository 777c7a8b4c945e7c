-- public.workspaces and public.workspace_members (seed 003, issue 10): shared workspaces with
-- owner/member roles. Membership is the unit of access for everything filed under a workspace.
-- The creator becomes an 'owner' member through a trigger. Policies that need "is the caller a
-- member/owner of workspace X" go through two STABLE SECURITY DEFINER helpers: a policy on
-- workspace_members that reads workspace_members (co-members see each other) would otherwise
-- recurse.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references public.user_profiles (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  description text check (char_length(description) <= 2000),
  settings jsonb not null default '{}'::jsonb check (jsonb_typeof(settings) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.workspaces is 'Workspaces (seed 003). Members read; owners (workspace_members.role = owner) manage.';
create index idx_workspaces_owner_id on public.workspaces (owner_id);

create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references public.user_profiles (id) on delete cascade,
  role text not null default 'member' check (role in ('owner', 'member')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
comment on table public.workspace_members is 'Who may access a workspace, and as what: owner (manages) or member (reads).';
create index idx_workspace_members_user_id on public.workspace_members (user_id, workspace_id);

create function public.is_workspace_member(ws uuid)
returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select from public.workspace_members m
    where m.workspace_id = ws and m.user_id = (select auth.uid()))
$$;
comment on function public.is_workspace_member(uuid) is 'RLS helper: the caller (auth.uid()) is a member of workspace ws, any role. SECURITY DEFINER so policies on workspace_members do not recurse.';
revoke execute on function public.is_workspace_member(uuid) from public, anon;
grant execute on function public.is_workspace_member(uuid) to authenticated, service_role;

create function public.is_workspace_owner(ws uuid)
returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select from public.workspace_members m
    where m.workspace_id = ws and m.user_id = (select auth.uid()) and m.role = 'owner')
$$;
comment on function public.is_workspace_owner(uuid) is 'RLS helper: the caller (auth.uid()) is an owner of workspace ws.';
revoke execute on function public.is_workspace_owner(uuid) from public, anon;
grant execute on function public.is_workspace_owner(uuid) to authenticated, service_role;

-- The creator becomes an owner member. SECURITY DEFINER: the creator is not an owner yet, so the
-- insert policy of workspace_members would refuse the row.
create function ops.workspace_add_owner()
returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.workspace_members (workspace_id, user_id, role)
  values (new.id, new.owner_id, 'owner')
  on conflict (workspace_id, user_id) do update set role = 'owner';
  return null;
end
$$;
revoke execute on function ops.workspace_add_owner() from public, anon, authenticated;
grant execute on function ops.workspace_add_owner() to service_role;

create trigger workspaces_add_owner
  after insert on public.workspaces
  for each row execute function ops.workspace_add_owner();
create trigger workspaces_set_updated_at
  before update on public.workspaces
  for each row execute function ops.set_updated_at();

alter table public.workspaces enable row level security;
alter table public.workspace_members enable row level security;
revoke all on table public.workspaces, public.workspace_members from anon, authenticated;
grant select, insert, update, delete on table public.workspaces, public.workspace_members to authenticated;

-- owner_id = caller also lets INSERT … RETURNING see the row before the owner trigger has run.
create policy workspaces_select_member on public.workspaces
  for select to authenticated using (owner_id = (select auth.uid()) or public.is_workspace_member(id));
create policy workspaces_insert_self on public.workspaces
  for insert to authenticated with check (owner_id = (select auth.uid()));
create policy workspaces_update_owner on public.workspaces
  for update to authenticated using (public.is_workspace_owner(id)) with check (public.is_workspace_owner(id));
create policy workspaces_delete_owner on public.workspaces
  for delete to authenticated using (public.is_workspace_owner(id));

create policy workspace_members_select_member on public.workspace_members
  for select to authenticated using (public.is_workspace_member(workspace_id));
create policy workspace_members_insert_owner on public.workspace_members
  for insert to authenticated with check (public.is_workspace_owner(workspace_id));
create policy workspace_members_update_owner on public.workspace_members
  for update to authenticated using (public.is_workspace_owner(workspace_id)) with check (public.is_workspace_owner(workspace_id));
-- Owners remove anyone; a member may leave.
create policy workspace_members_delete_owner_or_self on public.workspace_members
  for delete to authenticated using (public.is_workspace_owner(workspace_id) or user_id = (select auth.uid()));
