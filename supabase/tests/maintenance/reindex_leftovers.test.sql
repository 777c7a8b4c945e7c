-- Leftovers of a failed REINDEX CONCURRENTLY (20261124231300_ops_maintenance_reindex_leftovers):
-- invalid *_ccnew / *_ccold indexes are found, dropped through the executor with DROP INDEX
-- CONCURRENTLY, queued at once when a reindex action fails, and nothing else is touched. A real
-- failed REINDEX cannot run inside this transaction, so the leftover is made by marking an index
-- invalid; tests/maintenance/reindex-leftovers.test.ts does it for real through pg_cron.
begin;
select plan(12);

create table public.lo_t (id bigint primary key, k bigint);
create index lo_t_k_idx on public.lo_t (k);
create index lo_t_k_idx_ccnew on public.lo_t (k);
create index lo_t_k_idx_ccnew1 on public.lo_t (k, id);
create index lo_t_valid_ccnew on public.lo_t (id, k);
create index lo_t_user_idx on public.lo_t (k desc);
update pg_catalog.pg_index set indisvalid = false
where indexrelid in ('public.lo_t_k_idx_ccnew'::regclass, 'public.lo_t_k_idx_ccnew1'::regclass, 'public.lo_t_user_idx'::regclass);

select results_eq($$ select index_name from ops.reindex_leftovers('public.lo_t') $$,
  array['lo_t_k_idx_ccnew', 'lo_t_k_idx_ccnew1'], 'invalid *_ccnew indexes are leftovers');
select ok(not exists (select from ops.reindex_leftovers() where index_name in ('lo_t_valid_ccnew', 'lo_t_user_idx')),
  'a valid index named like one, and an invalid index of another name, are not');

select results_eq($$ select decision from ops.drop_reindex_leftovers('public.lo_t', p_dry_run => true) $$,
  array['drop due (dry run)', 'drop due (dry run)'], 'a dry run reports them');
select is((select count(*)::int from ops.maintenance_actions where table_name = 'lo_t'), 0, 'and queues nothing');

select results_eq($$ select decision from ops.drop_reindex_leftovers('public.lo_t') $$,
  array['drop queued', 'drop queued'], 'a real run queues a drop for each');
select is((select command from ops.maintenance_actions where table_name = 'lo_t' order by id limit 1),
  'DROP INDEX CONCURRENTLY IF EXISTS public.lo_t_k_idx_ccnew', 'as DROP INDEX CONCURRENTLY, run by pg_cron');
select is((select status from ops.maintenance_actions where table_name = 'lo_t' order by id limit 1), 'dispatched',
  'and dispatches it');
select is((select count(*)::int from ops.reindex_leftovers('public.lo_t')), 0,
  'while an action holds the table, its leftovers are not offered again');

-- A failed reindex queues the drop of its table's leftovers by itself.
create table public.lo_u (id bigint primary key, k bigint);
create index lo_u_k_idx on public.lo_u (k);
create index lo_u_k_idx_ccnew on public.lo_u (k);
update pg_catalog.pg_index set indisvalid = false where indexrelid = 'public.lo_u_k_idx_ccnew'::regclass;
insert into ops.maintenance_actions (table_oid, schema_name, table_name, index_name, kind, command, reason, requested_by, status)
values ('public.lo_u'::regclass, 'public', 'lo_u', 'lo_u_k_idx', 'reindex', 'REINDEX INDEX CONCURRENTLY public.lo_u_k_idx', 'test', 'test', 'running');
update ops.maintenance_actions set status = 'failed', error = 'ERROR: boom' where table_name = 'lo_u' and kind = 'reindex';
select is((select command from ops.maintenance_actions where table_name = 'lo_u' and kind = 'drop_invalid_index' and status = 'queued'),
  'DROP INDEX CONCURRENTLY IF EXISTS public.lo_u_k_idx_ccnew', 'a failed reindex queues the drop of what it left');

select throws_ok($$ select * from ops.drop_reindex_leftovers('auth.users') $$, '42501', null, 'platform tables are refused');
select throws_ok($$ set local role authenticated; select * from ops.drop_reindex_leftovers() $$, '42501', null, 'API users cannot call it');
reset role;
select ok((select (ops.weekly_maintenance() ->> 'plan_id') is not null), 'weekly maintenance still plans (and now collects leftovers)');

select * from finish();
rollback;
