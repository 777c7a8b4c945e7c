-- Bad input to the user-facing maintenance functions: a clear error, and nothing queued or scheduled.
begin;
select plan(16);

create table public.maint_victim (id bigint primary key);
alter table public.maint_victim enable row level security;
create view public.maint_view with (security_invoker = true) as select * from public.maint_victim;
create temp table maint_temp (id int);

select throws_ok($$ select ops.vacuum_analyze_table('x; drop table maint_victim') $$, '42602',
  'ops.vacuum_analyze_table: ''x; drop table maint_victim'' is not a table name', 'an injection attempt is not a table name');
select throws_ok($$ select ops.vacuum_analyze_table('public.no_such_table') $$, '42P01',
  'ops.vacuum_analyze_table: table ''public.no_such_table'' does not exist', 'an unknown table');
select throws_ok($$ select ops.vacuum_analyze_table('a.b.c.d') $$, '42602', null, 'too many dots');
select throws_ok($$ select ops.vacuum_analyze_table(null::text) $$, '22004', null, 'null');
select throws_ok($$ select ops.vacuum_analyze_table('pg_catalog.pg_class') $$, '42501',
  'ops.vacuum_analyze_table: pg_class is a system catalog', 'a system catalog is refused');
select throws_ok($$ select ops.vacuum_analyze_table('auth.users') $$, '42501',
  'ops.vacuum_analyze_table: auth.users is excluded by ops.maintenance_rules', 'a platform schema is refused');
select throws_ok($$ select ops.vacuum_analyze_table('public.maint_view') $$, '42809',
  'ops.vacuum_analyze_table: public.maint_view is not a table (a view)', 'a view is refused');
select throws_ok($$ select ops.vacuum_analyze_table('public.maint_victim_pkey') $$, '42809', null, 'an index is refused');
select throws_ok($$ select ops.vacuum_analyze_table('maint_temp') $$, '42501', null, 'a temporary table is refused');

insert into ops.maintenance_rules (schema_name, table_name, included, note) values ('public', 'maint_victim', false, 'test');
select throws_ok($$ select ops.vacuum_analyze_table('public.maint_victim') $$, '42501', null, 'a table excluded by a rule is refused');
select throws_ok($$ select * from ops.reindex_if_bloated('public.maint_victim') $$, '42501', null, 'reindex honours the rule too');
delete from ops.maintenance_rules where table_name = 'maint_victim';

select throws_ok($$ select * from ops.reindex_if_bloated('public.maint_victim', 0) $$, '22023', null, 'threshold 0 is refused');
select throws_ok($$ select * from ops.reindex_if_bloated('public.maint_victim', 100) $$, '22023', null, 'threshold 100 is refused');
select throws_ok($$ select * from ops.reindex_if_bloated('x; drop table maint_victim', 20) $$, '42602', null, 'reindex: injection attempt');

select ok(to_regclass('public.maint_victim') is not null, 'the table named in the injection attempt still exists');
-- Scoped to what these calls could have queued: pg_cron jobs of the database (the dispatcher, a
-- partition manager's ANALYZE) may queue their own work while this file runs.
select ok(not exists (select from ops.maintenance_actions where table_name like 'maint\_%' or command ilike '%drop table%')
          and not exists (select from cron.job where command ilike '%maint\_victim%' or command ilike '%drop table%'),
  'nothing was queued or scheduled');

select * from finish();
rollback;
