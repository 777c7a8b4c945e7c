-- Leases for batch jobs (issue 10 follow-up). Workers claimed public.batch_jobs with a documented
-- SKIP LOCKED query, but a job whose worker died stayed 'running' forever. Now, as for
-- agent_tasks, a claim leases the job: the worker heartbeats (reporting progress in the same
-- call) to keep it, and learns there that an owner cancelled or paused it. A job whose lease ran
-- out is re-queued by the next claim, or failed once max_attempts claims have died.
-- Only the lease holder can heartbeat or finish, so a late worker cannot overwrite a new attempt.
set lock_timeout = '5s';
set statement_timeout = '60s';

alter table public.batch_jobs add column lease_until timestamptz;
alter table public.batch_jobs add column attempts bigint not null default 0;
alter table public.batch_jobs add column max_attempts bigint not null default 3;
comment on column public.batch_jobs.lease_until is 'While running: the claim is void after this unless the worker heartbeats (ops.batch_job_heartbeat).';

-- Running jobs by lease, for the re-queue of dead workers. batch_jobs was created in this same
-- release (20261124230510) and holds no rows yet wherever this runs, so a plain build is instant.
-- squawk-ignore require-concurrent-index-creation
create index idx_batch_jobs_running_lease on public.batch_jobs (lease_until) where status = 'running';

-- Running jobs whose lease expired: back to queued, or failed after max_attempts. Returns how many.
create function ops.batch_job_requeue_expired()
returns integer
language plpgsql volatile set search_path = '' as $$
declare
  n integer;
begin
  with expired as (
    select b.id from public.batch_jobs b
    where b.status = 'running' and b.lease_until < pg_catalog.clock_timestamp()
    for update skip locked)
  update public.batch_jobs b
  set status = case when b.attempts >= b.max_attempts then 'failed' else 'queued' end,
      error_message = case when b.attempts >= b.max_attempts
        then pg_catalog.format('worker %s lost its lease at %s; %s of %s attempts used', b.worker_id, b.lease_until, b.attempts, b.max_attempts)
        else b.error_message end,
      worker_id = null, lease_until = null
  from expired
  where b.id = expired.id;
  get diagnostics n = row_count;
  return n;
end
$$;

-- Claim the most urgent queued job (priority desc, created_at, id) for p_lease. Re-queues
-- expired ones first. Returns the job, or nothing when the queue is empty.
create function ops.batch_job_claim(p_worker text, p_lease interval default '5 minutes', p_job_types text[] default null)
returns setof public.batch_jobs
language plpgsql volatile set search_path = '' as $$
begin
  if p_worker is null or char_length(p_worker) not between 1 and 200 then
    raise exception 'ops.batch_job_claim: worker id must be 1..200 characters' using errcode = 'invalid_parameter_value';
  end if;
  if p_lease is null or p_lease <= interval '0' or p_lease > interval '1 day' then
    raise exception 'ops.batch_job_claim: lease must be positive and at most 1 day, got %', p_lease using errcode = 'invalid_parameter_value';
  end if;
  perform ops.batch_job_requeue_expired();
  return query
  with picked as (
    select b.id from public.batch_jobs b
    where b.status = 'queued' and (p_job_types is null or b.job_type = any (p_job_types))
    order by b.priority desc, b.created_at, b.id
    for update skip locked
    limit 1)
  update public.batch_jobs b
  set status = 'running', worker_id = p_worker, attempts = b.attempts + 1,
      lease_until = pg_catalog.clock_timestamp() + p_lease
  from picked
  where b.id = picked.id
  returning b.*;
end
$$;

-- Keep the lease and report progress (deltas) in one call. Returns the job's status: 'running'
-- (carry on), 'cancelled' or 'paused' (an owner asked: stop; the job is no longer yours), or null
-- when the lease is lost (expired and re-queued, or another worker holds it): stop without
-- finishing.
create function ops.batch_job_heartbeat(
  p_id uuid, p_worker text, p_completed bigint default 0, p_failed bigint default 0, p_lease interval default '5 minutes')
returns text
language plpgsql volatile set search_path = '' as $$
declare
  v_status text;
begin
  if coalesce(p_completed, -1) < 0 or coalesce(p_failed, -1) < 0 then
    raise exception 'ops.batch_job_heartbeat: item deltas must be >= 0' using errcode = 'invalid_parameter_value';
  end if;
  if p_lease is null or p_lease <= interval '0' or p_lease > interval '1 day' then
    raise exception 'ops.batch_job_heartbeat: lease must be positive and at most 1 day, got %', p_lease using errcode = 'invalid_parameter_value';
  end if;
  update public.batch_jobs b
  set lease_until = pg_catalog.clock_timestamp() + p_lease,
      completed_items = b.completed_items + p_completed, failed_items = b.failed_items + p_failed
  where b.id = p_id and b.status = 'running' and b.worker_id = p_worker and b.lease_until >= pg_catalog.clock_timestamp()
  returning b.status into v_status;
  if found then
    return v_status;
  end if;
  select b.status into v_status from public.batch_jobs b
  where b.id = p_id and b.status in ('cancelled', 'paused') and b.worker_id is not distinct from p_worker;
  return v_status;
end
$$;

-- Finish a job the caller holds: 'completed' or 'failed' (with the error). False when the lease
-- was lost or an owner cancelled or paused it meanwhile.
create function ops.batch_job_finish(p_id uuid, p_worker text, p_status text, p_error text default null)
returns boolean
language plpgsql volatile set search_path = '' as $$
begin
  if p_status is null or p_status not in ('completed', 'failed') then
    raise exception 'ops.batch_job_finish: status must be completed or failed, got %', coalesce(p_status, 'NULL')
      using errcode = 'invalid_parameter_value';
  end if;
  update public.batch_jobs b
  set status = p_status, error_message = case when p_status = 'failed' then pg_catalog.left(p_error, 10000) end,
      lease_until = null
  where b.id = p_id and b.status = 'running' and b.worker_id = p_worker and b.lease_until >= pg_catalog.clock_timestamp();
  return found;
end
$$;

revoke execute on function
  ops.batch_job_requeue_expired(),
  ops.batch_job_claim(text, interval, text[]),
  ops.batch_job_heartbeat(uuid, text, bigint, bigint, interval),
  ops.batch_job_finish(uuid, text, text, text)
from public, anon, authenticated;
grant execute on function
  ops.batch_job_requeue_expired(),
  ops.batch_job_claim(text, interval, text[]),
  ops.batch_job_heartbeat(uuid, text, bigint, bigint, interval),
  ops.batch_job_finish(uuid, text, text, text)
to service_role;
