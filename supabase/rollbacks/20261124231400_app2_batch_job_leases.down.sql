-- Rollback of 20261124231400_app2_batch_job_leases: back to the documented claim query without leases.
set lock_timeout = '5s';

drop function if exists ops.batch_job_finish(uuid, text, text, text);
drop function if exists ops.batch_job_heartbeat(uuid, text, bigint, bigint, interval);
drop function if exists ops.batch_job_claim(text, interval, text[]);
drop function if exists ops.batch_job_requeue_expired();
drop index if exists public.idx_batch_jobs_running_lease;
alter table public.batch_jobs drop column if exists max_attempts;
alter table public.batch_jobs drop column if exists attempts;
alter table public.batch_jobs drop column if exists lease_until;
