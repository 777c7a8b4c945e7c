-- public.user_profiles: the app's user record, 1:1 with auth.users (Supabase Auth owns that
-- table; seed 002 says app tables reference user_profiles). A trigger on auth.users creates the
-- profile at signup. role and subscription_tier drive authorization and pricing, so users can
-- read them but never write them: column-level grants leave only cosmetic columns updatable.
set lock_timeout = '5s';
set local statement_timeout = '60s';

create table public.user_profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text check (char_length(display_name) <= 200),
  avatar_url text check (char_length(avatar_url) <= 2048),
  role text not null default 'user' check (role in ('user', 'admin')),
  subscription_tier text not null default 'free' check (subscription_tier in ('free', 'pro', 'enterprise')),
  preferences jsonb not null default '{}'::jsonb check (jsonb_typeof(preferences) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.user_profiles is 'One row per auth.users row, created by the signup trigger. Users read their own profile and may update display_name, avatar_url and preferences only.';

create trigger user_profiles_set_updated_at
  before update on public.user_profiles
  for each row execute function ops.set_updated_at();

alter table public.user_profiles enable row level security;

-- Supabase's default privileges grant everything to anon and authenticated; narrow them.
-- No INSERT or DELETE for users: the signup trigger inserts, deleting the auth user cascades.
revoke all on table public.user_profiles from anon, authenticated;
grant select on table public.user_profiles to authenticated;
grant update (display_name, avatar_url, preferences) on table public.user_profiles to authenticated;

create policy user_profiles_select_own on public.user_profiles
  for select to authenticated
  using (id = (select auth.uid()));

create policy user_profiles_update_own on public.user_profiles
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

-- Signup hook. SECURITY DEFINER because Supabase Auth inserts into auth.users as
-- supabase_auth_admin, which has no rights on public tables. Lives in ops: not callable via the API.
create or replace function ops.create_user_profile()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.user_profiles (id, display_name)
  values (new.id, coalesce(new.raw_user_meta_data ->> 'full_name', new.raw_user_meta_data ->> 'name'))
  on conflict (id) do nothing;
  return new;
end
$$;
comment on function ops.create_user_profile() is 'AFTER INSERT trigger on auth.users: creates the matching public.user_profiles row.';
revoke execute on function ops.create_user_profile() from public, anon, authenticated;
grant execute on function ops.create_user_profile() to service_role;

create trigger on_auth_user_created_create_profile
  after insert on auth.users
  for each row execute function ops.create_user_profile();

-- Users who signed up before this migration get their profile now.
insert into public.user_profiles (id)
select u.id from auth.users u
on conflict (id) do nothing;
