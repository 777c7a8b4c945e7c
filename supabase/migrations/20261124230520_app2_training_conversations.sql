-- Training pipeline (seed 002, issue 10): public.conversations and public.conversation_turns.
-- A conversation is generated at a tier (template, scenario or edge case) from the matching
-- authored rows, reviewed, and exported when approved. Members read; workspace owners write the
-- authored columns (column grants); the generator (service_role) also writes the counters.
--
--  * Links to templates, scenarios, edge cases and batch jobs are composite foreign keys
--    (x_id, workspace_id) with ON DELETE SET NULL (x_id): deleting an input keeps the
--    conversation, and a link can never cross workspaces. Since a link may become null, the
--    tier check only forbids links the tier cannot have (edge_case_id only at tier edge_case).
--  * conversation_turns carries workspace_id with the composite key (conversation_id,
--    workspace_id), like file_versions, so its RLS is a plain membership check.
--  * turn_count and total_tokens follow the turns (statement-level triggers with transition
--    tables, one UPDATE per conversation per statement, by delta so concurrent writers add up).
--  * conversation_templates.usage_count counts conversations created from the template.
--  * reviewed_by / reviewed_at are stamped when the status becomes a review decision
--    (approved, rejected, needs_revision): API roles cannot write them.
--
-- Seed 002 defects fixed here: quality_score's CHECK (0..10) is declared with the table (the
-- seed adds it NOT VALID and validates later, a pattern for existing tables only); the seed's
-- conversation service lists by status over the whole table (".eq('status', …)", no tenant):
-- here lists are scoped to a workspace, by RLS, and served by (workspace_id, status, created_at).
set lock_timeout = '5s';
set statement_timeout = '60s';

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  template_id uuid,
  scenario_id uuid,
  edge_case_id uuid,
  batch_job_id uuid,
  title text check (char_length(title) <= 500),
  persona text check (char_length(persona) <= 500),
  emotion text check (char_length(emotion) <= 100),
  tier text not null default 'template' check (tier in ('template', 'scenario', 'edge_case')),
  status text not null default 'draft' check (status in (
    'draft', 'generating', 'generated', 'pending_review', 'approved', 'rejected', 'needs_revision', 'archived', 'failed')),
  quality_score numeric(4, 2) constraint conversations_quality_score_check check (quality_score between 0 and 10),
  -- Per-dimension scores and notes from the quality scorer.
  quality_metrics jsonb not null default '{}'::jsonb check (jsonb_typeof(quality_metrics) = 'object'),
  -- Generation parameters: model, temperature, variable values, …
  parameters jsonb not null default '{}'::jsonb check (jsonb_typeof(parameters) = 'object'),
  turn_count bigint not null default 0 check (turn_count >= 0),
  total_tokens bigint not null default 0 check (total_tokens >= 0),
  -- Sum of generation_logs.cost_usd for this conversation, kept after the logs expire.
  estimated_cost_usd numeric(14, 6) not null default 0 check (estimated_cost_usd >= 0),
  review_notes text check (char_length(review_notes) <= 10000),
  reviewed_by uuid references public.user_profiles (id) on delete set null,
  reviewed_at timestamptz,
  created_by uuid default auth.uid() references public.user_profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint conversations_id_workspace_id_key unique (id, workspace_id),
  constraint conversations_template_fkey foreign key (template_id, workspace_id)
    references public.conversation_templates (id, workspace_id) on delete set null (template_id),
  constraint conversations_scenario_fkey foreign key (scenario_id, workspace_id)
    references public.scenarios (id, workspace_id) on delete set null (scenario_id),
  constraint conversations_edge_case_fkey foreign key (edge_case_id, workspace_id)
    references public.edge_cases (id, workspace_id) on delete set null (edge_case_id),
  constraint conversations_batch_job_fkey foreign key (batch_job_id, workspace_id)
    references public.batch_jobs (id, workspace_id) on delete set null (batch_job_id),
  constraint conversations_tier_links check (
    (edge_case_id is null or tier = 'edge_case') and (scenario_id is null or tier in ('scenario', 'edge_case')))
)
-- Rows are updated often (counters on every turn write and logged call, review changes). Free
-- space on each page lets updates of unindexed columns (the counters, updated_at) stay HOT:
-- no new entries in any of its indexes.
with (fillfactor = 85);
comment on table public.conversations is 'Generated training conversations (seed 002). Members read; workspace owners write the authored columns; counters and review stamps are set by triggers and the generator.';
comment on column public.conversations.total_tokens is 'Sum of conversation_turns.token_count (trigger).';

-- Dashboard lists, all per workspace, newest first (see docs, "Training pipeline"):
-- by status (the conversation service's list; also covers the workspace foreign key) …
create index idx_conversations_workspace_status_created on public.conversations (workspace_id, status, created_at desc);
-- … by tier …
create index idx_conversations_workspace_tier_created on public.conversations (workspace_id, tier, created_at desc);
-- … by quality: ranges and top-rated (unscored rows are not in it) …
create index idx_conversations_workspace_quality on public.conversations (workspace_id, quality_score desc, created_at desc)
  where quality_score is not null;
-- … and the review queue, oldest first: only pending rows, a small and hot index.
create index idx_conversations_review_queue on public.conversations (workspace_id, created_at)
  where status = 'pending_review';
-- Foreign keys (and "conversations of this template / scenario / edge case / batch").
create index idx_conversations_template on public.conversations (template_id, workspace_id);
create index idx_conversations_scenario on public.conversations (scenario_id, workspace_id);
create index idx_conversations_edge_case on public.conversations (edge_case_id, workspace_id);
create index idx_conversations_batch_job on public.conversations (batch_job_id, workspace_id);
create index idx_conversations_reviewed_by on public.conversations (reviewed_by);
create index idx_conversations_created_by on public.conversations (created_by);

create table public.conversation_turns (
  conversation_id uuid not null,
  workspace_id uuid not null,
  turn_number bigint not null check (turn_number between 1 and 10000),
  role text not null check (role in ('system', 'user', 'assistant', 'tool')),
  content text not null check (char_length(content) <= 200000),
  token_count bigint not null default 0 check (token_count >= 0),
  metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Reading a conversation in order is a range scan of this key.
  primary key (conversation_id, turn_number),
  constraint conversation_turns_conversation_fkey foreign key (conversation_id, workspace_id)
    references public.conversations (id, workspace_id) on delete cascade
);
comment on table public.conversation_turns is 'Turns of a conversation, numbered from 1 (seed 002). Members read; workspace owners write.';
create index idx_conversation_turns_conversation_workspace on public.conversation_turns (conversation_id, workspace_id);

-- Review decisions are stamped with who and when. auth.uid() is null for service_role, which
-- may then name the reviewer itself (a backend acting for a user).
create function ops.conversation_review_stamp()
returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.status in ('approved', 'rejected', 'needs_revision')
     and (tg_op = 'INSERT' or new.status is distinct from old.status) then
    -- A reviewer named by this statement is kept; the previous decision's reviewer is not.
    if tg_op = 'UPDATE' and new.reviewed_by is not distinct from old.reviewed_by then
      new.reviewed_by := null;
    end if;
    new.reviewed_by := coalesce((select auth.uid()), new.reviewed_by);
    new.reviewed_at := pg_catalog.now();
  end if;
  return new;
end
$$;
revoke execute on function ops.conversation_review_stamp() from public, anon, authenticated;
grant execute on function ops.conversation_review_stamp() to service_role;

-- turn_count and total_tokens by delta, once per conversation per statement. SECURITY DEFINER:
-- API roles may not write the counters themselves (column grants).
create function ops.conversation_turns_rollup()
returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    update public.conversations c
    set turn_count = c.turn_count + d.n, total_tokens = c.total_tokens + d.tokens
    from (select t.conversation_id, count(*) as n, sum(t.token_count) as tokens
          from new_turns t group by t.conversation_id) d
    where c.id = d.conversation_id;
  elsif tg_op = 'DELETE' then
    update public.conversations c
    set turn_count = c.turn_count - d.n, total_tokens = c.total_tokens - d.tokens
    from (select t.conversation_id, count(*) as n, sum(t.token_count) as tokens
          from old_turns t group by t.conversation_id) d
    where c.id = d.conversation_id;
  else
    update public.conversations c
    set turn_count = c.turn_count + d.n, total_tokens = c.total_tokens + d.tokens
    from (select x.conversation_id, sum(x.n) as n, sum(x.tokens) as tokens
          from (select t.conversation_id, 1 as n, t.token_count as tokens from new_turns t
                union all
                select t.conversation_id, -1, -t.token_count from old_turns t) x
          group by x.conversation_id) d
    where c.id = d.conversation_id and (d.n <> 0 or d.tokens <> 0);
  end if;
  return null;
end
$$;
revoke execute on function ops.conversation_turns_rollup() from public, anon, authenticated;
grant execute on function ops.conversation_turns_rollup() to service_role;

-- usage_count of templates, once per template per statement. SECURITY DEFINER as above.
create function ops.conversation_template_usage()
returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.conversation_templates t
  set usage_count = t.usage_count + d.n
  from (select c.template_id, count(*) as n from new_conversations c
        where c.template_id is not null group by c.template_id) d
  where t.id = d.template_id;
  return null;
end
$$;
revoke execute on function ops.conversation_template_usage() from public, anon, authenticated;
grant execute on function ops.conversation_template_usage() to service_role;

create trigger conversations_review_stamp
  before insert or update of status on public.conversations
  for each row execute function ops.conversation_review_stamp();
create trigger conversations_set_updated_at
  before update on public.conversations
  for each row execute function ops.set_updated_at();
create trigger conversations_template_usage
  after insert on public.conversations
  referencing new table as new_conversations
  for each statement execute function ops.conversation_template_usage();
-- Audit without the (large) parameters and quality_metrics; counter updates from turn writes
-- and generation logs are not changes worth an audit row.
create trigger conversations_audit
  after insert or delete on public.conversations
  for each row execute function ops.audit_row('workspace_id', 'id', 'parameters', 'quality_metrics');
create trigger conversations_audit_update
  after update on public.conversations
  for each row
  when ((pg_catalog.to_jsonb(old) operator(pg_catalog.-) '{turn_count,total_tokens,estimated_cost_usd,updated_at}'::text[])
        is distinct from (pg_catalog.to_jsonb(new) operator(pg_catalog.-) '{turn_count,total_tokens,estimated_cost_usd,updated_at}'::text[]))
  execute function ops.audit_row('workspace_id', 'id', 'parameters', 'quality_metrics');

create trigger conversation_turns_set_updated_at
  before update on public.conversation_turns
  for each row execute function ops.set_updated_at();
create trigger conversation_turns_rollup_insert
  after insert on public.conversation_turns
  referencing new table as new_turns
  for each statement execute function ops.conversation_turns_rollup();
create trigger conversation_turns_rollup_update
  after update on public.conversation_turns
  referencing old table as old_turns new table as new_turns
  for each statement execute function ops.conversation_turns_rollup();
create trigger conversation_turns_rollup_delete
  after delete on public.conversation_turns
  referencing old table as old_turns
  for each statement execute function ops.conversation_turns_rollup();

alter table public.conversations enable row level security;
alter table public.conversation_turns enable row level security;
revoke all on table public.conversations, public.conversation_turns from anon, authenticated;
grant select, delete on table public.conversations, public.conversation_turns to authenticated;
grant insert (workspace_id, template_id, scenario_id, edge_case_id, title, persona, emotion, tier, status,
              quality_score, quality_metrics, parameters, review_notes)
  on table public.conversations to authenticated;
grant update (template_id, scenario_id, edge_case_id, title, persona, emotion, tier, status,
              quality_score, quality_metrics, parameters, review_notes)
  on table public.conversations to authenticated;
grant insert (conversation_id, workspace_id, turn_number, role, content, token_count, metadata)
  on table public.conversation_turns to authenticated;
grant update (role, content, token_count, metadata) on table public.conversation_turns to authenticated;

create policy conversations_select_member on public.conversations
  for select to authenticated using (workspace_id in (
    select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())));
create policy conversations_insert_owner on public.conversations
  for insert to authenticated with check (public.is_workspace_owner(workspace_id));
create policy conversations_update_owner on public.conversations
  for update to authenticated using (public.is_workspace_owner(workspace_id)) with check (public.is_workspace_owner(workspace_id));
create policy conversations_delete_owner on public.conversations
  for delete to authenticated using (public.is_workspace_owner(workspace_id));

create policy conversation_turns_select_member on public.conversation_turns
  for select to authenticated using (workspace_id in (
    select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())));
create policy conversation_turns_insert_owner on public.conversation_turns
  for insert to authenticated with check (public.is_workspace_owner(workspace_id));
create policy conversation_turns_update_owner on public.conversation_turns
  for update to authenticated using (public.is_workspace_owner(workspace_id)) with check (public.is_workspace_owner(workspace_id));
create policy conversation_turns_delete_owner on public.conversation_turns
  for delete to authenticated using (public.is_workspace_owner(workspace_id));
