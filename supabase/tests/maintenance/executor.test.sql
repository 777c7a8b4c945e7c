-- Planner and dispatcher inside one transaction: what gets queued, the one-shot pg_cron job it
-- becomes (its command, its due minute), one statement per table, the window, and the rules.
-- That pg_cron really runs the statements is shown in tests/maintenance/executor.test.ts.
begin;
select plan(21);

create table public.maint_a (id bigint primary key, v text);
alter table public.maint_a enable row level security;
create table public.maint_b (id bigint primary key, v text);
alter table public.maint_b enable row level security;
update ops.maintenance_settings set max_parallel_actions = 2, window_start = null, window_end = null;

-- An explicit request becomes a one-shot pg_cron job running exactly one statement.
select ops.vacuum_analyze_table('public.maint_a') as a1 \gset
select is((select status from ops.maintenance_actions where id = :a1), 'dispatched', 'the request is dispatched at once');
select is((select j.command from cron.job j join ops.maintenance_actions a on a.cron_job_id = j.jobid where a.id = :a1),
  'VACUUM (ANALYZE, SKIP_LOCKED) public.maint_a', 'the job runs one VACUUM statement, identifiers quoted by format');
select is((select j.jobname::text from cron.job j join ops.maintenance_actions a on a.cron_job_id = j.jobid where a.id = :a1),
  'ops:maint-action:' || :a1, 'the job is named after the action');
select ok((select due_at > now() and due_at <= now() + interval '2 minutes' and date_trunc('minute', due_at) = due_at
           from ops.maintenance_actions where id = :a1), 'it is due at one of the next two minute boundaries');
select is((select j.schedule from cron.job j join ops.maintenance_actions a on a.cron_job_id = j.jobid where a.id = :a1),
  (select ops.cron_one_shot(due_at) from ops.maintenance_actions where id = :a1), 'its schedule names that minute, day and month');
select is(ops.cron_last_due(ops.cron_one_shot('2026-11-24 13:05:00+00'), '2026-11-24 13:05:30+00'), '2026-11-24 13:05:00+00'::timestamptz,
  'a one-shot expression fires at its minute');
select ok((select stats_before ? 'vacuum_count' from ops.maintenance_actions where id = :a1), 'statistics are recorded before the run');

-- One statement at a time per table: a reindex of the same table waits.
create index maint_a_v_idx on public.maint_a (v);
insert into public.maint_a select g, md5(g::text) from generate_series(1, 2000) g;
select is((select decision from ops.reindex_if_bloated('public.maint_a', 1) where index_name = 'maint_a_v_idx'), 'queued',
  'an index above the threshold is queued');
select is((select status from ops.maintenance_actions where kind = 'reindex' and index_name = 'maint_a_v_idx'), 'queued',
  'but not dispatched while the table has a statement in flight');
select is((select command from ops.maintenance_actions where kind = 'reindex' and index_name = 'maint_a_v_idx'),
  'REINDEX INDEX CONCURRENTLY public.maint_a_v_idx', 'the rebuild is CONCURRENTLY');
select is((select decision from ops.reindex_if_bloated('public.maint_a', 99) where index_name = 'maint_a_v_idx'), 'below threshold (99%)',
  'a lower bloat than the threshold is left alone');
select ok((select bloat_pct between 0 and 100 from ops.reindex_if_bloated('public.maint_a', 99) where index_name = 'maint_a_pkey'),
  'bloat is measured with pgstatindex, as a percentage');

-- The same request twice is queued once.
select ops.vacuum_analyze_table('public.maint_a') as a2 \gset
select ops.vacuum_analyze_table('public.maint_a') as a3 \gset
select is(:a2::bigint, :a3::bigint, 'a repeated request returns the queued action');

-- The maintenance window holds planned work but not explicit requests.
update ops.maintenance_settings set window_start = (now() at time zone 'UTC')::time + interval '2 hours',
  window_end = (now() at time zone 'UTC')::time + interval '3 hours', window_timezone = 'UTC';
select ok(not ops.maintenance_window_open(now()), 'outside the window');
select ok(ops.maintenance_window_open(now() + interval '150 minutes'), 'inside the window');
update ops.maintenance_settings set window_start = '22:00', window_end = '04:00';
select ok(ops.maintenance_window_open('2026-11-24 23:30+00') and ops.maintenance_window_open('2026-11-24 03:59+00')
  and not ops.maintenance_window_open('2026-11-24 04:00+00'), 'a window may wrap midnight');
select throws_ok($$ update ops.maintenance_settings set window_timezone = 'Mars/Olympus' $$, '22023', null, 'an unknown time zone is refused');
update ops.maintenance_settings set window_start = (now() at time zone 'UTC')::time + interval '2 hours',
  window_end = (now() at time zone 'UTC')::time + interval '3 hours';
select ops.maintenance_enqueue('analyze', 'public.maint_b'::regclass, null, 'test', null, true, 'test') as b1 \gset
select ops.maintenance_dispatch();
select is((select status from ops.maintenance_actions where id = :b1), 'queued', 'planned work waits for the window');

-- Rules: the most specific wins.
insert into ops.maintenance_rules (schema_name, table_name, included) values ('public', null, false), ('public', 'maint_b', true);
select is(ops.maintenance_exclusion('public.maint_a'::regclass), 'is excluded by ops.maintenance_rules', 'a schema rule excludes');
select is(ops.maintenance_exclusion('public.maint_b'::regclass), null, 'a table rule overrides its schema rule');

-- A table dropped after planning is cancelled, not run.
delete from ops.maintenance_rules where schema_name = 'public';
update ops.maintenance_settings set window_start = null, window_end = null;
update ops.maintenance_actions set status = 'cancelled' where status in ('dispatched', 'queued') and id <> :b1;
drop table public.maint_b;
select ops.maintenance_dispatch();
select is((select status from ops.maintenance_actions where id = :b1), 'cancelled', 'a dropped table''s action is cancelled');

select * from finish();
rollback;
