-- Conversations (seed 001): conversation_sessions (a period of activity in a conversation, with
-- its state and metrics) and chat_messages_v2 (structured JSONB messages with versioning and
-- reply relationships). A conversation is identified by conversation_id and may span sessions.
set lock_timeout = '5s';
set local statement_timeout = '60s';

create table public.conversation_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references public.user_profiles (id) on delete cascade,
  agent_id uuid,
  conversation_id uuid not null default gen_random_uuid(),
  status text not null default 'active' check (status in ('active', 'idle', 'ended')),
  session_state jsonb not null default '{}'::jsonb check (jsonb_typeof(session_state) = 'object'),
  metrics jsonb not null default '{}'::jsonb check (jsonb_typeof(metrics) = 'object'),
  started_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now(),
  ended_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint conversation_sessions_ended_check check ((status = 'ended') = (ended_at is not null) and (ended_at is null or ended_at >= started_at)),
  constraint conversation_sessions_id_user_id_key unique (id, user_id),
  -- PG15 column list: deleting the agent clears agent_id only, never user_id.
  constraint conversation_sessions_agent_fkey foreign key (agent_id, user_id)
    references public.agents (id, user_id) on delete set null (agent_id)
);
comment on table public.conversation_sessions is 'Sessions of a conversation: state, metrics and lifecycle (active, idle, ended). Stale sessions are ended by ops.apply_app_retention().';

create index idx_conversation_sessions_user_activity on public.conversation_sessions (user_id, last_activity_at desc);
create index idx_conversation_sessions_agent on public.conversation_sessions (agent_id, user_id) where agent_id is not null;
create index idx_conversation_sessions_conversation on public.conversation_sessions (conversation_id, started_at desc);
-- Retention scans open sessions by last activity.
create index idx_conversation_sessions_open_activity on public.conversation_sessions (last_activity_at) where status <> 'ended';

create table public.chat_messages_v2 (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references public.user_profiles (id) on delete cascade,
  conversation_id uuid not null,
  session_id uuid,
  -- The message this one answers (threading); stays inside the owner's messages.
  parent_id uuid,
  role text not null check (role in ('system', 'user', 'assistant', 'tool')),
  -- {"type": "text", "text": …} or any other typed part; metadata holds tokens, model, timing.
  content jsonb not null check (jsonb_typeof(content) = 'object' and content ? 'type'),
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  -- Bumped by trigger whenever content changes; clients use it for optimistic concurrency.
  -- Counts the edits of one message.
  -- squawk-ignore prefer-bigint-over-int
  version integer not null default 1 check (version >= 1),
  edited_at timestamptz,
  -- chat_messages.id of the legacy row this was migrated from (idempotent migration).
  legacy_id bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint chat_messages_v2_id_user_id_key unique (id, user_id),
  constraint chat_messages_v2_session_fkey foreign key (session_id, user_id)
    references public.conversation_sessions (id, user_id) on delete set null (session_id),
  constraint chat_messages_v2_parent_fkey foreign key (parent_id, user_id)
    references public.chat_messages_v2 (id, user_id) on delete set null (parent_id)
);
comment on table public.chat_messages_v2 is 'Structured chat messages (JSONB content), versioned on edit, threaded by parent_id. Migrated legacy rows carry legacy_id.';

-- Latest messages / conversation context (seed 001 appendix), two ways in:
--  * through RLS every query also says user_id = auth.uid(). The planner cannot know that a
--    conversation has one owner, so with (conversation_id, created_at) alone it may walk the
--    user's newest messages across all conversations instead. This index matches the RLS form
--    exactly (and covers the user_id foreign key);
--  * the backend (service_role, no RLS) asks by conversation only.
create index idx_chat_messages_v2_user_conversation_created on public.chat_messages_v2 (user_id, conversation_id, created_at desc);
create index idx_chat_messages_v2_conversation_created on public.chat_messages_v2 (conversation_id, created_at desc);
create index idx_chat_messages_v2_session on public.chat_messages_v2 (session_id, user_id) where session_id is not null;
create index idx_chat_messages_v2_parent on public.chat_messages_v2 (parent_id, user_id) where parent_id is not null;
create unique index idx_chat_messages_v2_legacy_id on public.chat_messages_v2 (legacy_id) where legacy_id is not null;
-- Containment queries on structured content, e.g. content @> '{"type": "tool_call"}'.
create index idx_chat_messages_v2_content on public.chat_messages_v2 using gin (content jsonb_path_ops);

-- Versioning: version and edited_at are derived, never taken from the client.
create or replace function ops.chat_message_versioning()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.content is distinct from old.content then
    new.version := old.version + 1;
    new.edited_at := pg_catalog.now();
  else
    new.version := old.version;
    new.edited_at := old.edited_at;
  end if;
  return new;
end
$$;
revoke execute on function ops.chat_message_versioning() from public, anon, authenticated;
grant execute on function ops.chat_message_versioning() to service_role;

create trigger chat_messages_v2_versioning
  before update on public.chat_messages_v2
  for each row execute function ops.chat_message_versioning();
create trigger chat_messages_v2_set_updated_at
  before update on public.chat_messages_v2
  for each row execute function ops.set_updated_at();
create trigger conversation_sessions_set_updated_at
  before update on public.conversation_sessions
  for each row execute function ops.set_updated_at();

alter table public.conversation_sessions enable row level security;
alter table public.chat_messages_v2 enable row level security;
revoke all on table public.conversation_sessions, public.chat_messages_v2 from anon, authenticated;
grant select, insert, update, delete on table public.conversation_sessions, public.chat_messages_v2 to authenticated;

create policy conversation_sessions_select_own on public.conversation_sessions
  for select to authenticated using (user_id = (select auth.uid()));
create policy conversation_sessions_insert_own on public.conversation_sessions
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy conversation_sessions_update_own on public.conversation_sessions
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy conversation_sessions_delete_own on public.conversation_sessions
  for delete to authenticated using (user_id = (select auth.uid()));

create policy chat_messages_v2_select_own on public.chat_messages_v2
  for select to authenticated using (user_id = (select auth.uid()));
create policy chat_messages_v2_insert_own on public.chat_messages_v2
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy chat_messages_v2_update_own on public.chat_messages_v2
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy chat_messages_v2_delete_own on public.chat_messages_v2
  for delete to authenticated using (user_id = (select auth.uid()));

-- Conversation context (seed 001 appendix): the newest messages of a conversation with their
-- session's state. The seed joins first and limits last, and its inner join drops messages that
-- have no session (every migrated legacy message). Under RLS the planner cannot see that a
-- conversation has one owner and may pick a join order that sorts the whole conversation. Taking
-- the newest p_limit messages first makes the plan an ordered index read of p_limit rows.
create or replace function public.get_conversation_context(p_conversation_id uuid, p_limit integer default 50)
returns table (
  id uuid, session_id uuid, parent_id uuid, role text, content jsonb, metadata jsonb,
  version integer, created_at timestamptz, session_state jsonb
)
language sql
stable
security invoker
set search_path = ''
as $$
  select m.id, m.session_id, m.parent_id, m.role, m.content, m.metadata, m.version, m.created_at, s.session_state
  from (
    select * from public.chat_messages_v2 c
    where c.conversation_id = p_conversation_id
    order by c.created_at desc
    limit greatest(p_limit, 0)
  ) m
  left join public.conversation_sessions s on s.id = m.session_id
  order by m.created_at desc;
$$;
comment on function public.get_conversation_context(uuid, integer) is 'The newest p_limit messages of a conversation (newest first) with their session''s state; RLS applies.';
revoke execute on function public.get_conversation_context(uuid, integer) from public, anon;
grant execute on function public.get_conversation_context(uuid, integer) to authenticated, service_role;
