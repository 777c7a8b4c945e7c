-- batch_jobs: owners enqueue (only what a job is) and cancel (only unfinished jobs, only to
-- cancelled); members only read; service_role runs jobs: claim order with SKIP LOCKED, timing
-- stamps, progress, consistency checks.
begin;
select plan(19);

select tests.create_user('alice');
select tests.create_user('mia');
create temp table fx (name text primary key, id uuid not null);
insert into fx values ('alice', tests.get_user_id('alice')), ('mia', tests.get_user_id('mia')), ('ws', gen_random_uuid());
grant select on fx to authenticated, service_role;
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;
insert into public.workspaces (id, owner_id, name) values (pg_temp.fx('ws'), pg_temp.fx('alice'), 'alpha');
insert into public.workspace_members (workspace_id, user_id, role) values (pg_temp.fx('ws'), pg_temp.fx('mia'), 'member');

select tests.authenticate_as('alice');
select lives_ok(format($$insert into public.batch_jobs (workspace_id, name, job_type, priority, config, total_items)
                         values (%L, 'low', 'generate', 0, '{"tier": "scenario"}', 100), (%L, 'high', 'generate', 50, '{}', 10), (%L, 'high-later', 'score', 50, '{}', 10)$$,
                        pg_temp.fx('ws'), pg_temp.fx('ws'), pg_temp.fx('ws')), 'the owner enqueues jobs');
select is((select string_agg(status || ':' || coalesce(created_by::text, '-'), ',') from (select distinct status, created_by from public.batch_jobs where workspace_id = pg_temp.fx('ws')) s),
          'queued:' || pg_temp.fx('alice'), 'they are queued, created by the caller');
select throws_ok(format($$insert into public.batch_jobs (workspace_id, name, status) values (%L, 'x', 'running')$$, pg_temp.fx('ws')),
                 '42501', null, 'the owner cannot enqueue a job in another state');
select throws_ok(format($$insert into public.batch_jobs (workspace_id, name, completed_items) values (%L, 'x', 5)$$, pg_temp.fx('ws')),
                 '42501', null, 'nor set its progress');
select throws_ok($$update public.batch_jobs set status = 'completed' where name = 'low'$$, '42501', null, 'the owner cannot mark a job completed');
select throws_ok($$update public.batch_jobs set priority = 99 where name = 'low'$$, '42501', null, 'nor reprioritise it');
select throws_ok($$delete from public.batch_jobs where name = 'low'$$, '42501', null, 'nor delete it');
select tests.clear_authentication();

-- The worker's claim: priority, then age, SKIP LOCKED, through the partial queue index.
create function pg_temp.claim(worker text) returns text language sql as $$
  with picked as (select id from public.batch_jobs where status = 'queued' order by priority desc, created_at, id limit 1 for update skip locked)
  update public.batch_jobs b set status = 'running', worker_id = worker from picked where b.id = picked.id returning b.name $$;
update public.batch_jobs set created_at = now() - interval '1 minute' where name = 'high';
select tests.authenticate_as_service_role();
select is(pg_temp.claim('w1'), 'high', 'the worker claims the highest priority, oldest job');
select ok((select started_at is not null and finished_at is null from public.batch_jobs where name = 'high'), 'running stamps started_at');
update public.batch_jobs set completed_items = 7, failed_items = 1 where name = 'high';
select is((select progress_pct from public.batch_jobs where name = 'high'), 80.0::numeric, 'progress is (completed + failed) / total');
select throws_ok($$update public.batch_jobs set completed_items = 10 where name = 'high'$$, '23514', null, 'items cannot exceed the total');
update public.batch_jobs set status = 'completed', completed_items = 9 where name = 'high';
select ok((select finished_at >= started_at from public.batch_jobs where name = 'high'), 'completion stamps finished_at');
select tests.clear_authentication();

-- Cancelling.
select tests.authenticate_as('mia');
update public.batch_jobs set status = 'cancelled' where name = 'low';
select tests.clear_authentication();
select is((select status from public.batch_jobs where name = 'low'), 'queued', 'a member cannot cancel');
select tests.authenticate_as('alice');
update public.batch_jobs set status = 'cancelled' where name = 'low';
select tests.clear_authentication();
select ok((select status = 'cancelled' and finished_at is not null from public.batch_jobs where name = 'low'), 'the owner cancels a queued job; finished_at is stamped');
select tests.authenticate_as('alice');
update public.batch_jobs set status = 'cancelled' where name = 'high';
update public.batch_jobs set status = 'cancelled' where name = 'low';
select throws_ok($$update public.batch_jobs set status = 'queued' where name = 'high-later'$$, '42501', null, 'the owner cannot set any other status');
select tests.clear_authentication();
select is((select status from public.batch_jobs where name = 'high'), 'completed', 'a finished job cannot be cancelled');
select tests.authenticate_as_service_role();
update public.batch_jobs set status = 'queued' where name = 'low';
select tests.clear_authentication();
select ok((select finished_at is null from public.batch_jobs where name = 'low'), 'a job re-queued by service_role loses finished_at');

select throws_ok(format($$insert into public.batch_jobs (workspace_id, name, job_type) values (%L, 'x', 'train')$$, pg_temp.fx('ws')), '23514', null, 'job_type is from the list');
select is((select count(*)::int from public.batch_jobs where status = 'queued' and finished_at is not null), 0, 'no queued job has finished_at');

select * from finish();
rollback;
