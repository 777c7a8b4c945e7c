-- Training pipeline (seed 002, issue 10): public.batch_jobs, bulk generation runs per workspace.
-- Workspace owners enqueue a job (column-limited insert: what to do, never its state) and may
-- cancel it while it is queued, running or paused (update of status to 'cancelled' only).
-- The backend runs jobs as service_role: it claims queued jobs in priority order with
-- FOR UPDATE SKIP LOCKED (served by the partial idx_batch_jobs_queue), reports progress, and
-- checks for a cancellation between items. A trigger stamps started_at and finished_at, so the
-- timings cannot disagree with the status.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table public.batch_jobs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  job_type text not null default 'generate' check (job_type in ('generate', 'regenerate', 'score')),
  status text not null default 'queued'
    check (status in ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled')),
  priority bigint not null default 0 check (priority between -1000 and 1000),
  -- What to run: tier, template/scenario ids, model, concurrency, … (read by the worker).
  config jsonb not null default '{}'::jsonb check (jsonb_typeof(config) = 'object'),
  total_items bigint not null default 0 check (total_items >= 0),
  completed_items bigint not null default 0 check (completed_items >= 0),
  failed_items bigint not null default 0 check (failed_items >= 0),
  progress_pct numeric(5, 1) not null generated always as (
    case when total_items = 0 then 0
         else round(100.0 * (completed_items + failed_items) / total_items, 1) end) stored,
  worker_id text check (char_length(worker_id) <= 200),
  error_message text check (char_length(error_message) <= 10000),
  started_at timestamptz,
  finished_at timestamptz,
  created_by uuid default auth.uid() references public.user_profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint batch_jobs_items_within_total check (completed_items + failed_items <= total_items),
  constraint batch_jobs_finished_iff_terminal check ((finished_at is not null) = (status in ('completed', 'failed', 'cancelled'))),
  constraint batch_jobs_timings_ordered check (finished_at is null or started_at is null or finished_at >= started_at),
  constraint batch_jobs_id_workspace_id_key unique (id, workspace_id)
)
-- Progress is reported item by item: leave room on each page so those updates (unindexed
-- columns) stay HOT.
with (fillfactor = 80);
comment on table public.batch_jobs is 'Batch generation jobs (seed 002). Members read; owners enqueue (column-limited insert) and cancel (status -> cancelled); service_role runs them.';
-- Workspace list by status, newest first; also covers the workspace foreign key.
create index idx_batch_jobs_workspace_status on public.batch_jobs (workspace_id, status, created_at desc);
-- The worker's queue, in claim order: only queued jobs, so it stays small.
create index idx_batch_jobs_queue on public.batch_jobs (priority desc, created_at, id) where status = 'queued';
create index idx_batch_jobs_created_by on public.batch_jobs (created_by);

-- started_at on the first move to running; finished_at on entering a final state (kept while
-- the job stays final), cleared when a job is re-queued.
create function ops.batch_job_stamp()
returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.status = 'running' and new.started_at is null then
    new.started_at := pg_catalog.clock_timestamp();
  end if;
  if new.status in ('completed', 'failed', 'cancelled') then
    if tg_op = 'INSERT' or old.status not in ('completed', 'failed', 'cancelled') or new.finished_at is null then
      new.finished_at := pg_catalog.clock_timestamp();
    end if;
  else
    new.finished_at := null;
  end if;
  return new;
end
$$;
revoke execute on function ops.batch_job_stamp() from public, anon, authenticated;
grant execute on function ops.batch_job_stamp() to service_role;

create trigger batch_jobs_stamp
  before insert or update of status, started_at, finished_at on public.batch_jobs
  for each row execute function ops.batch_job_stamp();
create trigger batch_jobs_set_updated_at
  before update on public.batch_jobs
  for each row execute function ops.set_updated_at();

alter table public.batch_jobs enable row level security;
revoke all on table public.batch_jobs from anon, authenticated;
grant select on table public.batch_jobs to authenticated;
grant insert (workspace_id, name, job_type, priority, config, total_items) on table public.batch_jobs to authenticated;
grant update (status) on table public.batch_jobs to authenticated;

create policy batch_jobs_select_member on public.batch_jobs
  for select to authenticated using (workspace_id in (
    select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())));
create policy batch_jobs_insert_owner on public.batch_jobs
  for insert to authenticated with check (public.is_workspace_owner(workspace_id) and status = 'queued');
-- Cancel only: an unfinished job of a workspace the caller owns, to 'cancelled'.
create policy batch_jobs_cancel_owner on public.batch_jobs
  for update to authenticated
  using (public.is_workspace_owner(workspace_id) and status in ('queued', 'running', 'paused'))
  with check (public.is_workspace_owner(workspace_id) and status = 'cancelled');
