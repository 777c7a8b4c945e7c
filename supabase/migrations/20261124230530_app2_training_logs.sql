-- Training pipeline (seed 002, issue 10): public.generation_logs and public.export_logs, the
-- records of what the backend did. Both are written by service_role only and read by workspace
-- members; no API role (service_role included) updates or deletes them.
--
-- generation_logs: one row per model call, high volume, append-only. Monthly partitions on
-- created_at under the partition manager with 180 days of retention: long enough to reconcile
-- two quarterly provider invoices and investigate a cost or quality regression after the fact,
-- short enough not to keep raw error texts (which can quote prompts) for longer than that. What
-- must outlive the logs is rolled up as each row arrives: conversations.estimated_cost_usd sums
-- cost_usd. The primary key (created_at, id) includes the partition key and leads with it, so
-- time-range scans use it and no BRIN index is needed (p_brin => false).
-- Append-only: API roles get SELECT (members) and INSERT (service_role) on the parent only, and
-- a row trigger, cloned to every partition, refuses UPDATE and DELETE by anon, authenticated and
-- service_role also through a partition's own name (partitions get the schema's default grants).
-- The table owner still runs the foreign keys' ON DELETE actions and retention drops whole
-- partitions.
--
-- export_logs: one row per export run, written once when it finished (completed or failed).
--
-- Seed 002 defect fixed: the seed keeps generation logs in a plain table that only grows; its
-- weekly_maintenance() vacuumed a hard-coded table list with VACUUM inside plpgsql, which
-- always fails. These tables are covered by ops.weekly_maintenance() like every table the
-- maintenance rules do not exclude, partitions included.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table public.generation_logs (
  id uuid not null default gen_random_uuid(),
  created_at timestamptz not null default now(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  conversation_id uuid,
  template_id uuid,
  batch_job_id uuid,
  -- Who asked for the generation. No foreign key: the log outlives the user, as audit_logs.
  requested_by uuid,
  -- The provider's request id, for support tickets.
  request_id text check (char_length(request_id) <= 200),
  model text not null check (char_length(model) between 1 and 200),
  status text not null check (status in ('success', 'error', 'rate_limited', 'timeout', 'cancelled')),
  attempt bigint not null default 1 check (attempt between 1 and 100),
  input_tokens bigint not null default 0 check (input_tokens >= 0),
  output_tokens bigint not null default 0 check (output_tokens >= 0),
  cost_usd numeric(12, 6) not null default 0 check (cost_usd >= 0),
  duration_ms bigint check (duration_ms >= 0),
  parameters jsonb not null default '{}'::jsonb check (jsonb_typeof(parameters) = 'object'),
  error_code text check (char_length(error_code) <= 200),
  error_message text check (char_length(error_message) <= 10000),
  primary key (created_at, id),
  constraint generation_logs_failure_explained check (status = 'success' or error_code is not null or error_message is not null),
  constraint generation_logs_conversation_fkey foreign key (conversation_id, workspace_id)
    references public.conversations (id, workspace_id) on delete set null (conversation_id),
  constraint generation_logs_template_fkey foreign key (template_id, workspace_id)
    references public.conversation_templates (id, workspace_id) on delete set null (template_id),
  constraint generation_logs_batch_job_fkey foreign key (batch_job_id, workspace_id)
    references public.batch_jobs (id, workspace_id) on delete set null (batch_job_id)
) partition by range (created_at);
comment on table public.generation_logs is 'One row per model call (seed 002): monthly partitions, 180 days retention (ops.partition_register). Members read; service_role inserts; no API role updates or deletes.';
-- A workspace's calls by time, newest first; also covers the workspace foreign key.
create index idx_generation_logs_workspace_created on public.generation_logs (workspace_id, created_at desc);
-- A conversation's calls; covers its foreign key.
create index idx_generation_logs_conversation on public.generation_logs (conversation_id, workspace_id, created_at desc);
create index idx_generation_logs_template on public.generation_logs (template_id, workspace_id);
create index idx_generation_logs_batch_job on public.generation_logs (batch_job_id, workspace_id);
-- Recent failures of a workspace: only failed calls are in it.
create index idx_generation_logs_failures on public.generation_logs (workspace_id, created_at desc)
  where status <> 'success';

create function ops.generation_logs_refuse_api_change()
returns trigger
language plpgsql set search_path = '' as $$
begin
  if current_user in ('anon', 'authenticated', 'service_role') then
    raise exception 'public.generation_logs is append-only: % by % is not allowed', tg_op, current_user
      using errcode = 'insufficient_privilege';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;
revoke execute on function ops.generation_logs_refuse_api_change() from public, anon, authenticated;
grant execute on function ops.generation_logs_refuse_api_change() to service_role;

-- Cost rolls up into the conversation as each call is logged (a row trigger, so rows written
-- through a partition's name count too). SECURITY INVOKER: only service_role and the owner
-- insert logs, and both may update conversations.
create function ops.generation_logs_rollup_cost()
returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.conversation_id is not null and new.cost_usd > 0 then
    update public.conversations c
    set estimated_cost_usd = c.estimated_cost_usd + new.cost_usd
    where c.id = new.conversation_id and c.workspace_id = new.workspace_id;
  end if;
  return null;
end
$$;
revoke execute on function ops.generation_logs_rollup_cost() from public, anon, authenticated;
grant execute on function ops.generation_logs_rollup_cost() to service_role;

create trigger generation_logs_append_only
  before update or delete on public.generation_logs
  for each row execute function ops.generation_logs_refuse_api_change();
create trigger generation_logs_rollup_cost
  after insert on public.generation_logs
  for each row execute function ops.generation_logs_rollup_cost();

alter table public.generation_logs enable row level security;
revoke all on table public.generation_logs from public, anon, authenticated, service_role;
grant select on table public.generation_logs to authenticated;
grant select, insert on table public.generation_logs to service_role;

create policy generation_logs_select_member on public.generation_logs
  for select to authenticated using (workspace_id in (
    select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())));

select ops.partition_register('public.generation_logs', p_period => 'month', p_premake => 3,
  p_retention => interval '180 days', p_brin => false);

create table public.export_logs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  requested_by uuid references public.user_profiles (id) on delete set null,
  format text not null check (format in ('jsonl', 'json', 'csv', 'markdown')),
  -- The conversation filters the export applied (status, tier, quality range, dates, …).
  filters jsonb not null default '{}'::jsonb check (jsonb_typeof(filters) = 'object'),
  status text not null check (status in ('completed', 'failed', 'cancelled')),
  conversation_count bigint not null default 0 check (conversation_count >= 0),
  storage_path text check (char_length(storage_path) between 1 and 1024),
  file_size_bytes bigint check (file_size_bytes >= 0),
  checksum_sha256 text check (checksum_sha256 ~ '^[0-9a-f]{64}$'),
  -- When the exported file is removed from storage.
  expires_at timestamptz,
  error_message text check (char_length(error_message) <= 10000),
  started_at timestamptz not null,
  finished_at timestamptz not null default now(),
  duration_ms bigint not null generated always as ((extract(epoch from (finished_at - started_at)) * 1000)::bigint) stored,
  created_at timestamptz not null default now(),
  constraint export_logs_timings_ordered check (finished_at >= started_at),
  constraint export_logs_completed_has_file check (status <> 'completed' or (storage_path is not null and file_size_bytes is not null)),
  constraint export_logs_failed_has_error check (status <> 'failed' or error_message is not null)
);
comment on table public.export_logs is 'One row per finished export run (seed 002). Members read; service_role inserts; no API role updates or deletes.';
create index idx_export_logs_workspace_created on public.export_logs (workspace_id, created_at desc);
create index idx_export_logs_requested_by on public.export_logs (requested_by);

alter table public.export_logs enable row level security;
revoke all on table public.export_logs from public, anon, authenticated, service_role;
grant select on table public.export_logs to authenticated;
grant select, insert on table public.export_logs to service_role;

create policy export_logs_select_member on public.export_logs
  for select to authenticated using (workspace_id in (
    select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())));
