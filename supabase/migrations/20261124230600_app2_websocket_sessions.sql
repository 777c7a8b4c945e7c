-- public.websocket_sessions (seed 003, issue 10): one row per realtime connection. The realtime
-- server writes them as service_role through ops.ws_session_open / _ping / _close; the reaper
-- ops.ws_sessions_reap closes sessions that stopped pinging and deletes closed ones after a
-- retention, every minute (pg_cron job ops:ws-sessions-reap).
-- Seed defects fixed here: MySQL-style INDEX clauses inside CREATE TABLE (separate create index
-- statements, partial where that is what the queries need), and is_active stored next to
-- disconnected_at as a second, independently writable copy of the same state (here it is a
-- generated column, so the two can never disagree). The seed's users table is user_profiles.
--
-- Visibility: a user reads their own sessions; a workspace owner also reads the sessions opened
-- in their workspace (who is connected, from where: an admin view). Plain members do not see
-- each other's sessions: ip_address and user_agent are personal data. Nobody but service_role
-- (and the migration role) writes.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table public.websocket_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.user_profiles (id) on delete cascade,
  workspace_id uuid references public.workspaces (id) on delete cascade,
  connection_id text not null check (char_length(connection_id) between 1 and 255),
  ip_address inet,
  user_agent text check (char_length(user_agent) <= 1024),
  connected_at timestamptz not null default now(),
  -- The last sign of life; the reaper closes sessions whose last ping is older than stale_after.
  last_ping_at timestamptz not null default now(),
  disconnected_at timestamptz,
  disconnect_reason text check (char_length(disconnect_reason) between 1 and 200),
  is_active boolean not null generated always as (disconnected_at is null) stored,
  constraint websocket_sessions_connection_id_key unique (connection_id),
  constraint websocket_sessions_closed_has_reason check ((disconnected_at is null) = (disconnect_reason is null)),
  constraint websocket_sessions_closed_after_open check (disconnected_at >= connected_at)
);
comment on table public.websocket_sessions is 'Realtime connections (seed 003). Written by the realtime server (service_role) through ops.ws_session_*; users read their own, workspace owners the sessions in their workspace.';
comment on column public.websocket_sessions.is_active is 'Generated: disconnected_at is null. The seed kept it as a separate, writable flag.';

-- Covers the user_id foreign key (cascade) and "my sessions, newest first".
create index idx_websocket_sessions_user on public.websocket_sessions (user_id, connected_at desc);
-- Active sessions of a user (presence, connection limits): only open rows are indexed.
create index idx_websocket_sessions_user_active on public.websocket_sessions (user_id, connected_at desc)
  where disconnected_at is null;
-- Covers the workspace_id foreign key (cascade) and the owners' view.
create index idx_websocket_sessions_workspace on public.websocket_sessions (workspace_id, connected_at desc);
-- The reaper: open sessions by last ping, and closed sessions by close time (retention).
create index idx_websocket_sessions_stale on public.websocket_sessions (last_ping_at)
  where disconnected_at is null;
create index idx_websocket_sessions_closed on public.websocket_sessions (disconnected_at)
  where disconnected_at is not null;

alter table public.websocket_sessions enable row level security;
revoke all on table public.websocket_sessions from anon, authenticated;
grant select on table public.websocket_sessions to authenticated;

-- One permissive policy (splinter flags several for the same role and action). The owner branch
-- is an uncorrelated subquery, evaluated once per statement.
create policy websocket_sessions_select_own_or_workspace_owner on public.websocket_sessions
  for select to authenticated using (
    user_id = (select auth.uid())
    or workspace_id in (
      select m.workspace_id from public.workspace_members m
      where m.user_id = (select auth.uid()) and m.role = 'owner'));

-- Open a session. With a workspace, the user must be a member of it. Calling it again with the
-- same connection id, user and workspace while the session is open returns the same id (a retried
-- request); any other reuse of a connection id is refused.
create function ops.ws_session_open(
  p_user_id uuid,
  p_connection_id text,
  p_workspace_id uuid default null,
  p_ip_address inet default null,
  p_user_agent text default null
) returns uuid
language plpgsql volatile set search_path = '' as $$
declare
  v_id uuid;
  v_existing public.websocket_sessions;
begin
  if p_user_id is null then
    raise exception 'ops.ws_session_open: user id must not be null' using errcode = 'null_value_not_allowed';
  end if;
  if p_connection_id is null or char_length(p_connection_id) not between 1 and 255 then
    raise exception 'ops.ws_session_open: connection id must be 1..255 characters' using errcode = 'invalid_parameter_value';
  end if;
  if p_workspace_id is not null and not exists (
      select from public.workspace_members m where m.workspace_id = p_workspace_id and m.user_id = p_user_id) then
    raise exception 'ops.ws_session_open: user % is not a member of workspace %', p_user_id, p_workspace_id
      using errcode = 'insufficient_privilege';
  end if;
  insert into public.websocket_sessions (user_id, workspace_id, connection_id, ip_address, user_agent)
  values (p_user_id, p_workspace_id, p_connection_id, p_ip_address, pg_catalog.left(p_user_agent, 1024))
  on conflict (connection_id) do nothing
  returning id into v_id;
  if v_id is null then
    select * into v_existing from public.websocket_sessions s where s.connection_id = p_connection_id;
    if v_existing.user_id = p_user_id and v_existing.workspace_id is not distinct from p_workspace_id
       and v_existing.disconnected_at is null then
      return v_existing.id;
    end if;
    raise exception 'ops.ws_session_open: connection id % is already used by another session', p_connection_id
      using errcode = 'unique_violation';
  end if;
  return v_id;
end
$$;

-- A heartbeat. False when the session is unknown or closed (for example reaped after a timeout):
-- the server should then drop the socket or open a new session.
create function ops.ws_session_ping(p_connection_id text) returns boolean
language plpgsql volatile set search_path = '' as $$
begin
  update public.websocket_sessions s set last_ping_at = greatest(s.last_ping_at, now())
  where s.connection_id = p_connection_id and s.disconnected_at is null;
  return found;
end
$$;

-- Close a session. False when it is unknown or already closed (closing twice changes nothing).
create function ops.ws_session_close(p_connection_id text, p_reason text default 'client_closed') returns boolean
language plpgsql volatile set search_path = '' as $$
begin
  update public.websocket_sessions s
  set disconnected_at = greatest(now(), s.connected_at),
      disconnect_reason = coalesce(nullif(pg_catalog.left(p_reason, 200), ''), 'client_closed')
  where s.connection_id = p_connection_id and s.disconnected_at is null;
  return found;
end
$$;

-- The reaper: close open sessions whose last ping is older than p_stale_after (reason 'timeout'),
-- then delete sessions closed longer than p_retention ago; at most p_batch_size rows each per
-- call. Rows a ping or close is updating right now are skipped (SKIP LOCKED), so the reaper
-- never waits on the realtime server; the next run picks up what is still stale.
create function ops.ws_sessions_reap(
  p_stale_after interval,
  p_retention interval default interval '30 days',
  p_batch_size integer default 10000
) returns table (timed_out bigint, purged bigint)
language plpgsql volatile set search_path = '' as $$
begin
  if p_stale_after is null or p_stale_after <= interval '0' then
    raise exception 'ops.ws_sessions_reap: stale_after must be a positive interval, got %', coalesce(p_stale_after::text, 'null')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_retention is null or p_retention <= interval '0' then
    raise exception 'ops.ws_sessions_reap: retention must be a positive interval, got %', coalesce(p_retention::text, 'null')
      using errcode = 'invalid_parameter_value';
  end if;
  if p_batch_size is null or p_batch_size not between 1 and 1000000 then
    raise exception 'ops.ws_sessions_reap: batch size must be between 1 and 1000000, got %', p_batch_size
      using errcode = 'invalid_parameter_value';
  end if;

  with stale as (
    select s.id from public.websocket_sessions s
    where s.disconnected_at is null and s.last_ping_at < now() - p_stale_after
    order by s.last_ping_at
    limit p_batch_size
    for update skip locked)
  update public.websocket_sessions s
  set disconnected_at = greatest(now(), s.connected_at), disconnect_reason = 'timeout'
  from stale where s.id = stale.id;
  get diagnostics timed_out = row_count;

  with old as (
    select s.id from public.websocket_sessions s
    where s.disconnected_at is not null and s.disconnected_at < now() - p_retention
    order by s.disconnected_at
    limit p_batch_size
    for update skip locked)
  delete from public.websocket_sessions s using old where s.id = old.id;
  get diagnostics purged = row_count;
  return next;
end
$$;

revoke execute on function
  ops.ws_session_open(uuid, text, uuid, inet, text),
  ops.ws_session_ping(text),
  ops.ws_session_close(text, text),
  ops.ws_sessions_reap(interval, interval, integer)
from public, anon, authenticated;
grant execute on function
  ops.ws_session_open(uuid, text, uuid, inet, text),
  ops.ws_session_ping(text),
  ops.ws_session_close(text, text),
  ops.ws_sessions_reap(interval, interval, integer)
to service_role;

-- Realtime heartbeats arrive every 30 s; two missed minutes means the connection is gone.
select ops.schedule_job('ops:ws-sessions-reap', '* * * * *',
  $$select * from ops.ws_sessions_reap(interval '2 minutes', interval '30 days')$$,
  'closes websocket sessions without a ping for 2 minutes (timeout) and deletes sessions closed over 30 days ago');
