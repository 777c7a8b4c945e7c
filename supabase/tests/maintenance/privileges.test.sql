-- Only service_role (and the owner) may call the maintenance functions; anon and authenticated
-- get permission errors and nothing is queued.
begin;
select plan(9);

create table public.maint_priv (id bigint primary key);
alter table public.maint_priv enable row level security;

select is_empty($$
  select p.oid::regprocedure::text from pg_proc p
  where p.pronamespace = 'ops'::regnamespace
    and p.proname in ('vacuum_analyze_table', 'reindex_if_bloated', 'weekly_maintenance', 'maintenance_dispatch',
      'maintenance_plan', 'partition_register', 'partition_maintain', 'partition_repair_default', 'check_jobs',
      'schedule_job', 'purge_cron_history', 'purge_maintenance_history')
    and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute'))
$$, 'no maintenance entry point is executable by anon or authenticated');

select tests.create_user('mallory');
select tests.authenticate_as('mallory');
select throws_ok($$ select ops.vacuum_analyze_table('public.maint_priv'::regclass) $$, '42501', null, 'authenticated cannot vacuum');
select throws_ok($$ select ops.weekly_maintenance() $$, '42501', null, 'authenticated cannot plan maintenance');
select throws_ok($$ select * from ops.jobs $$, '42501', null, 'authenticated cannot read ops.jobs');
select tests.authenticate_as_anon();
select throws_ok($$ select * from ops.reindex_if_bloated('public.maint_priv'::regclass) $$, '42501', null, 'anon cannot reindex');
select throws_ok($$ select ops.partition_maintain() $$, '42501', null, 'anon cannot run partition maintenance');

select tests.authenticate_as_service_role();
select ok(ops.vacuum_analyze_table('public.maint_priv') > 0, 'service_role can request a vacuum');
select ok((select count(*) from ops.jobs) > 0, 'service_role can read ops.jobs');
-- Scheduling arbitrary SQL as the job owner stays with roles that may use pg_cron.
select throws_ok($$ select ops.schedule_job('ops:sneaky', '* * * * *', 'select 1') $$, '42501', null,
  'service_role cannot schedule commands through ops.schedule_job');

select * from finish();
rollback;
