-- public.agent_tasks (seed 003, issue 10): a work queue per workspace. Workers (the backend, as
-- service_role) claim with FOR UPDATE SKIP LOCKED, highest priority first, and hold a lease of
-- the task's timeout. A task whose worker dies is re-queued once its lease has expired (every
-- claim first sweeps expired leases, also with SKIP LOCKED); after max_attempts it fails.
-- Only the lease holder can complete or fail a task, so a worker that comes back after its
-- lease was taken over cannot overwrite the new attempt. Delivery is at least once. last_error
-- keeps the previous attempt's error while a retry runs.
set lock_timeout = '5s';
set statement_timeout = '60s';

create table public.agent_tasks (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  task_type text not null check (char_length(task_type) between 1 and 100),
  payload jsonb not null default '{}'::jsonb,
  priority bigint not null default 0 check (priority between -1000 and 1000),
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  attempts bigint not null default 0 check (attempts >= 0),
  max_attempts bigint not null default 3 check (max_attempts between 1 and 100),
  timeout interval not null default interval '5 minutes' check (timeout > interval '0' and timeout <= interval '1 day'),
  run_after timestamptz not null default now(),
  locked_by text check (char_length(locked_by) <= 200),
  locked_until timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  last_error text,
  result jsonb,
  created_by uuid default auth.uid() references public.user_profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint agent_tasks_running_has_lease check (status <> 'running' or (locked_by is not null and locked_until is not null))
);
comment on table public.agent_tasks is 'Agent work queue (seed 003): claim with ops.agent_task_claim (SKIP LOCKED), leases, retries, timeouts. Members read; owners enqueue and cancel.';
-- Claim order: the partial index holds only queued tasks, in the order they are taken.
create index idx_agent_tasks_claim on public.agent_tasks (priority desc, run_after, id) where status = 'queued';
create index idx_agent_tasks_lease on public.agent_tasks (locked_until) where status = 'running';
create index idx_agent_tasks_workspace on public.agent_tasks (workspace_id, status, created_at desc);
create index idx_agent_tasks_created_by on public.agent_tasks (created_by);

create trigger agent_tasks_set_updated_at
  before update on public.agent_tasks
  for each row execute function ops.set_updated_at();

alter table public.agent_tasks enable row level security;
revoke all on table public.agent_tasks from anon, authenticated;
grant select, delete on table public.agent_tasks to authenticated;
-- API roles set what a task is, never its queue state.
grant insert (workspace_id, task_type, payload, priority, max_attempts, timeout, run_after) on table public.agent_tasks to authenticated;
grant update (status, priority, run_after) on table public.agent_tasks to authenticated;

create policy agent_tasks_select_member on public.agent_tasks
  for select to authenticated using (workspace_id in (
    select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())));
create policy agent_tasks_insert_owner on public.agent_tasks
  for insert to authenticated with check (public.is_workspace_owner(workspace_id) and status = 'queued');
-- Owners reprioritise or cancel queued work; they cannot mark work done.
create policy agent_tasks_update_owner on public.agent_tasks
  for update to authenticated using (public.is_workspace_owner(workspace_id))
  with check (public.is_workspace_owner(workspace_id) and status in ('queued', 'cancelled'));
create policy agent_tasks_delete_owner on public.agent_tasks
  for delete to authenticated using (public.is_workspace_owner(workspace_id));

-- Expired leases: back to the queue (after a backoff of 2^attempts seconds, capped at 1 hour),
-- or failed when the attempts are used up. Returns the number of tasks handled.
create function ops.agent_task_requeue_expired()
returns integer
language plpgsql volatile set search_path = '' as $$
declare
  n integer;
begin
  with expired as (
    select t.id from public.agent_tasks t
    where t.status = 'running' and t.locked_until < pg_catalog.clock_timestamp()
    for update skip locked)
  update public.agent_tasks t
  set status = case when t.attempts >= t.max_attempts then 'failed' else 'queued' end,
      run_after = pg_catalog.clock_timestamp()
        + least(interval '1 hour', pg_catalog.make_interval(secs => power(2, least(t.attempts, 12)))),
      finished_at = case when t.attempts >= t.max_attempts then pg_catalog.clock_timestamp() end,
      last_error = pg_catalog.format('lease of %s expired after %s (attempt %s of %s)', t.locked_by, t.timeout, t.attempts, t.max_attempts),
      locked_by = null, locked_until = null
  from expired
  where t.id = expired.id;
  get diagnostics n = row_count;
  return n;
end
$$;
revoke execute on function ops.agent_task_requeue_expired() from public, anon, authenticated;
grant execute on function ops.agent_task_requeue_expired() to service_role;

create function ops.agent_task_claim(p_worker text, p_limit integer default 1, p_task_types text[] default null)
returns setof public.agent_tasks
language plpgsql volatile set search_path = '' as $$
begin
  if p_worker is null or char_length(p_worker) not between 1 and 200 then
    raise exception 'ops.agent_task_claim: worker id must be 1..200 characters' using errcode = 'invalid_parameter_value';
  end if;
  if p_limit is null or p_limit not between 1 and 1000 then
    raise exception 'ops.agent_task_claim: limit must be between 1 and 1000, got %', p_limit using errcode = 'invalid_parameter_value';
  end if;
  perform ops.agent_task_requeue_expired();
  return query
  with picked as (
    select t.id from public.agent_tasks t
    where t.status = 'queued' and t.run_after <= pg_catalog.clock_timestamp()
      and (p_task_types is null or t.task_type = any (p_task_types))
    order by t.priority desc, t.run_after, t.id
    for update skip locked
    limit p_limit),
  claimed as (
    update public.agent_tasks t
    set status = 'running', attempts = t.attempts + 1, locked_by = p_worker,
        locked_until = pg_catalog.clock_timestamp() + t.timeout,
        started_at = pg_catalog.clock_timestamp()
    from picked
    where t.id = picked.id
    returning t.*)
  -- In claim order: a worker taking a batch works on the most urgent task first.
  select c.* from claimed c order by c.priority desc, c.run_after, c.id;
end
$$;
revoke execute on function ops.agent_task_claim(text, integer, text[]) from public, anon, authenticated;
grant execute on function ops.agent_task_claim(text, integer, text[]) to service_role;

-- True when the caller still held the lease and the task is now done.
create function ops.agent_task_complete(p_id uuid, p_worker text, p_result jsonb default null)
returns boolean
language plpgsql volatile set search_path = '' as $$
begin
  update public.agent_tasks t
  set status = 'succeeded', result = p_result, finished_at = pg_catalog.clock_timestamp(), locked_by = null, locked_until = null
  where t.id = p_id and t.status = 'running' and t.locked_by = p_worker;
  return found;
end
$$;
revoke execute on function ops.agent_task_complete(uuid, text, jsonb) from public, anon, authenticated;
grant execute on function ops.agent_task_complete(uuid, text, jsonb) to service_role;

-- A failed attempt: retried after p_retry_delay (default 2^attempts seconds, capped at 1 hour)
-- while attempts remain, else failed for good. Returns the new status, or null without the lease.
create function ops.agent_task_fail(p_id uuid, p_worker text, p_error text, p_retry_delay interval default null)
returns text
language plpgsql volatile set search_path = '' as $$
declare
  v_status text;
begin
  update public.agent_tasks t
  set status = case when t.attempts >= t.max_attempts then 'failed' else 'queued' end,
      run_after = pg_catalog.clock_timestamp()
        + coalesce(p_retry_delay, least(interval '1 hour', pg_catalog.make_interval(secs => power(2, least(t.attempts, 12))))),
      finished_at = case when t.attempts >= t.max_attempts then pg_catalog.clock_timestamp() end,
      last_error = p_error, locked_by = null, locked_until = null
  where t.id = p_id and t.status = 'running' and t.locked_by = p_worker
  returning t.status into v_status;
  return v_status;
end
$$;
revoke execute on function ops.agent_task_fail(uuid, text, text, interval) from public, anon, authenticated;
grant execute on function ops.agent_task_fail(uuid, text, text, interval) to service_role;
