-- Batch job leases (20261124231400_app2_batch_job_leases): claim order, one holder per job,
-- heartbeats that carry progress and report a cancel, finish by the holder only, re-queue of a
-- job whose worker died, and failure after max_attempts. Lease expiry is simulated by moving
-- lease_until into the past.
begin;
select plan(17);

select tests.create_user('alice');
insert into public.workspaces (id, owner_id, name) values ('00000000-0000-0000-0000-00000000b001', tests.get_user_id('alice'), 'batch');
insert into public.batch_jobs (workspace_id, name, priority, total_items, created_at) values
  ('00000000-0000-0000-0000-00000000b001', 'low', 0, 10, now() - interval '3 minutes'),
  ('00000000-0000-0000-0000-00000000b001', 'high', 50, 10, now() - interval '1 minute'),
  ('00000000-0000-0000-0000-00000000b001', 'high-older', 50, 10, now() - interval '2 minutes');
create function pg_temp.job(n text) returns uuid language sql as $$ select id from public.batch_jobs where name = n $$;

select tests.authenticate_as_service_role();
select is((select name from ops.batch_job_claim('w1', interval '1 minute')), 'high-older', 'the highest priority, oldest job first');
select is((select name from ops.batch_job_claim('w2', interval '1 minute')), 'high', 'a second worker gets the next one, not the same');
select ok((select status = 'running' and worker_id = 'w1' and attempts = 1 and lease_until > now() from public.batch_jobs where name = 'high-older'),
  'the claim leases the job to its worker');

select is(ops.batch_job_heartbeat(pg_temp.job('high-older'), 'w1', 3, 1), 'running', 'the holder heartbeats');
select is((select completed_items || '/' || failed_items from public.batch_jobs where name = 'high-older'), '3/1', 'progress travels with the heartbeat');
select is(ops.batch_job_heartbeat(pg_temp.job('high-older'), 'w2'), null, 'another worker cannot keep it');
select is(ops.batch_job_finish(pg_temp.job('high-older'), 'w2', 'completed'), false, 'nor finish it');

-- The owner cancels a running job: the worker learns it at its next heartbeat and cannot finish.
select tests.authenticate_as('alice');
update public.batch_jobs set status = 'cancelled' where name = 'high';
select tests.authenticate_as_service_role();
select is(ops.batch_job_heartbeat(pg_temp.job('high'), 'w2'), 'cancelled', 'a heartbeat reports the cancel');
select is(ops.batch_job_finish(pg_temp.job('high'), 'w2', 'completed'), false, 'a cancelled job stays cancelled');

-- w1 dies: its lease runs out, the next claim re-queues and takes the job again.
update public.batch_jobs set lease_until = now() - interval '1 second' where name = 'high-older';
select is(ops.batch_job_heartbeat(pg_temp.job('high-older'), 'w1'), null, 'after its lease ran out the old worker has lost the job');
select is((select name || ':' || attempts from ops.batch_job_claim('w3')), 'high-older:2', 'the next claim re-queues and takes it (attempt 2)');
select is(ops.batch_job_finish(pg_temp.job('high-older'), 'w1', 'completed'), false, 'the late worker cannot finish it');
select is(ops.batch_job_finish(pg_temp.job('high-older'), 'w3', 'completed'), true, 'the new holder finishes it');
select ok((select status = 'completed' and finished_at is not null and lease_until is null from public.batch_jobs where name = 'high-older'), 'completed and stamped');

-- A job whose workers keep dying fails after max_attempts.
update public.batch_jobs set attempts = max_attempts, status = 'running', worker_id = 'w4', lease_until = now() - interval '1 second' where name = 'low';
select is(ops.batch_job_requeue_expired(), 1, 'the expired job is handled');
select ok((select status = 'failed' and error_message like 'worker w4 lost its lease%' from public.batch_jobs where name = 'low'), 'and failed with the reason');

select throws_ok($$ select ops.batch_job_claim('', interval '1 minute') $$, '22023', null, 'a worker must be named');
select tests.clear_authentication();

select * from finish();
rollback;
