-- agent_tasks within one transaction: claim order, retries with backoff, exhaustion, lease
-- ownership, input checks, and what API roles may change.
begin;
select plan(16);

select tests.create_user('alice');
create temp table fx (name text primary key, id uuid not null);
insert into fx values ('alice', tests.get_user_id('alice')), ('ws', gen_random_uuid());
grant select on fx to authenticated;
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;
insert into public.workspaces (id, owner_id, name) values (pg_temp.fx('ws'), pg_temp.fx('alice'), 'q');
-- Other tasks may exist in the database; claims below are filtered to this test's task types.
insert into public.agent_tasks (workspace_id, task_type, priority, payload, run_after) values
  (pg_temp.fx('ws'), 't-order', 0, '{"n": "low"}', now() - interval '3 minutes'),
  (pg_temp.fx('ws'), 't-order', 10, '{"n": "high"}', now() - interval '1 minute'),
  (pg_temp.fx('ws'), 't-order', 10, '{"n": "high-older"}', now() - interval '2 minutes'),
  (pg_temp.fx('ws'), 't-order', 99, '{"n": "future"}', now() + interval '1 hour');

select results_eq($$select payload ->> 'n' from ops.agent_task_claim('w1', 10, array['t-order'])$$,
  $$values ('high-older'), ('high'), ('low')$$, 'claims by priority, then age; future tasks wait');
select is((select count(*)::int from ops.agent_task_claim('w2', 10, array['t-order'])), 0, 'claimed tasks are not handed out again');
select is((select count(*)::int from public.agent_tasks where task_type = 't-order' and status = 'running' and locked_by = 'w1' and attempts = 1 and locked_until > now()), 3,
          'claimed tasks are running, leased to the worker, attempt 1');

-- Retries: fail → queued with backoff; the last attempt → failed.
insert into public.agent_tasks (workspace_id, task_type, max_attempts) values (pg_temp.fx('ws'), 't-retry', 2);
select is((select ops.agent_task_fail(id, 'w1', 'boom 1', interval '0') from ops.agent_task_claim('w1', 1, array['t-retry'])), 'queued', 'a failed attempt is re-queued while attempts remain');
select is((select last_error from public.agent_tasks where task_type = 't-retry'), 'boom 1', 'the error is kept');
select is((select ops.agent_task_fail(id, 'w1', 'boom 2') from ops.agent_task_claim('w1', 1, array['t-retry'])), 'failed', 'the last attempt fails for good');
select is((select count(*)::int from ops.agent_task_claim('w1', 1, array['t-retry'])), 0, 'a failed task is not claimed again');
insert into public.agent_tasks (workspace_id, task_type, max_attempts) values (pg_temp.fx('ws'), 't-backoff', 3);
select ops.agent_task_fail(id, 'w1', 'transient') from ops.agent_task_claim('w1', 1, array['t-backoff']);
select ok((select run_after > clock_timestamp() + interval '1 second' from public.agent_tasks where task_type = 't-backoff'), 'default retry delay is an exponential backoff (2^attempts s)');

-- Expired leases: re-queued, or failed when attempts are used up.
insert into public.agent_tasks (workspace_id, task_type, max_attempts) values (pg_temp.fx('ws'), 't-expire', 1);
select ops.agent_task_claim('w9', 1, array['t-expire']);
update public.agent_tasks set locked_until = clock_timestamp() - interval '1 second' where task_type = 't-expire';
select ok(ops.agent_task_requeue_expired() >= 1, 'the sweep finds the expired lease');
select is((select status || ':' || (last_error like 'lease of w9 expired%') from public.agent_tasks where task_type = 't-expire'), 'failed:true',
          'an expired lease on the last attempt fails the task, saying why');
select is((select ops.agent_task_complete(id, 'w9') from public.agent_tasks where task_type = 't-expire'), false, 'a worker without the lease cannot complete');

select throws_ok($$select ops.agent_task_claim('', 1)$$, '22023', null, 'an empty worker id is rejected');
select throws_ok($$select ops.agent_task_claim('w', 0)$$, '22023', null, 'a zero limit is rejected');

-- API roles: owners enqueue and cancel, never complete; workers' functions are service_role only.
select tests.authenticate_as('alice');
select lives_ok(format($$insert into public.agent_tasks (workspace_id, task_type) values (%L, 't-api')$$, pg_temp.fx('ws')), 'the owner enqueues a task');
select throws_ok($$update public.agent_tasks set status = 'succeeded' where task_type = 't-api'$$, '42501', null, 'the owner cannot mark a task done');
select throws_ok($$select ops.agent_task_claim('api', 1)$$, '42501', null, 'authenticated cannot claim tasks');
select tests.clear_authentication();

select * from finish();
rollback;
