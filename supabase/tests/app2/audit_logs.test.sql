-- public.audit_logs: the generic trigger records inserts, updates and deletes with old and new
-- values; nobody (owner, service_role, API roles) can UPDATE, DELETE or TRUNCATE audit rows;
-- members read their workspace's trail only; partitions are premade, repaired and retired.
begin;
select plan(22);

select tests.create_user('alice');
select tests.create_user('bob');
create temp table fx (name text primary key, id uuid not null);
insert into fx values ('alice', tests.get_user_id('alice')), ('bob', tests.get_user_id('bob')), ('ws', gen_random_uuid()), ('ws_b', gen_random_uuid());
grant select on fx to authenticated;
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;

select tests.authenticate_as('alice');
insert into public.workspaces (id, name) values (pg_temp.fx('ws'), 'alpha');
insert into public.files (workspace_id, path, content) values (pg_temp.fx('ws'), 'notes/todo.md', 'v1');
update public.files set content = 'v2' where workspace_id = pg_temp.fx('ws') and path = 'notes/todo.md';
update public.workspaces set name = 'alpha-2' where id = pg_temp.fx('ws');
delete from public.files where workspace_id = pg_temp.fx('ws') and path = 'notes/todo.md';
select tests.clear_authentication();
insert into public.workspaces (id, owner_id, name) values (pg_temp.fx('ws_b'), pg_temp.fx('bob'), 'bob-ws');

create temp table trail as
select table_name, operation, old_data, new_data, changed_fields, actor_id, workspace_id, record_id
from public.audit_logs where workspace_id = pg_temp.fx('ws') order by occurred_at, id;

select results_eq($$select table_name || ' ' || operation from trail$$,
  $$values ('workspace_members INSERT'), ('workspaces INSERT'), ('files INSERT'), ('files UPDATE'), ('workspaces UPDATE'), ('files DELETE')$$,
  'every change is logged in order (the owner membership is added by an AFTER trigger that fires before the audit trigger)');
select is((select new_data ->> 'path' from trail where table_name = 'files' and operation = 'INSERT'), 'notes/todo.md', 'INSERT records the new row');
select ok((select old_data is null from trail where table_name = 'files' and operation = 'INSERT'), 'INSERT has no old values');
select is((select (old_data ->> 'content_hash') || ' -> ' || (new_data ->> 'content_hash') from trail where table_name = 'files' and operation = 'UPDATE'),
          encode(sha256('v1'), 'hex') || ' -> ' || encode(sha256('v2'), 'hex'), 'UPDATE records old and new values');
select ok((select 'content_hash' = any (changed_fields) and not ('path' = any (changed_fields)) from trail where table_name = 'files' and operation = 'UPDATE'),
          'UPDATE lists exactly the changed columns (content_hash yes, path no)');
select ok((select not (new_data ? 'content') and not (new_data ? 'content_tsv') from trail where table_name = 'files' and operation = 'INSERT'),
          'file content and tsvector are left out of the trail');
select is((select old_data ->> 'name' || ' -> ' || (new_data ->> 'name') from trail where table_name = 'workspaces' and operation = 'UPDATE'), 'alpha -> alpha-2', 'workspace rename recorded');
select ok((select old_data is not null and new_data is null from trail where table_name = 'files' and operation = 'DELETE'), 'DELETE records the old row');
select is((select count(distinct actor_id)::int from trail where actor_id = pg_temp.fx('alice')), 1, 'the actor is auth.uid() of the caller');

-- ---- append-only -----------------------------------------------------------------------------
select throws_ok($$update public.audit_logs set operation = 'DELETE'$$, '42501', null, 'the owner cannot UPDATE audit rows');
select throws_ok($$delete from public.audit_logs$$, '42501', null, 'the owner cannot DELETE audit rows');
select throws_ok($$truncate public.audit_logs$$, '42501', null, 'the owner cannot TRUNCATE audit_logs');
select throws_ok(format('update public.%I set operation = operation', (select p.partition_name from ops.partitions('public.audit_logs') p
                   where not p.is_default and now() >= p.lower_bound and now() < p.upper_bound)),
                 '42501', null, 'the owner cannot UPDATE through a partition either');
select throws_ok(format('delete from public.%I', (select p.partition_name from ops.partitions('public.audit_logs') p
                   where not p.is_default and now() >= p.lower_bound and now() < p.upper_bound)),
                 '42501', null, 'the owner cannot DELETE through a partition either');
select tests.authenticate_as_service_role();
select throws_ok($$delete from public.audit_logs$$, '42501', null, 'service_role cannot DELETE audit rows');
select throws_ok($$insert into public.audit_logs (table_schema, table_name, operation) values ('public', 'x', 'INSERT')$$, '42501', null, 'service_role cannot forge audit rows');
select tests.clear_authentication();

-- ---- visibility ----------------------------------------------------------------------------------
select tests.authenticate_as('bob');
select is((select count(*)::int from public.audit_logs where workspace_id = pg_temp.fx('ws')), 0, 'bob sees nothing of alice''s workspace trail');
select ok((select count(*) > 0 from public.audit_logs where workspace_id = pg_temp.fx('ws_b')), 'bob sees his own workspace trail');
select tests.clear_authentication();

-- ---- partitions ------------------------------------------------------------------------------------
select is((select period || '/' || premake || '/' || retention from ops.partitioned_tables where schema_name = 'public' and table_name = 'audit_logs'),
          'month/3/1 year', 'audit_logs is registered: monthly, 3 premade, 1 year retention');
-- A row beyond the premade range lands in the default partition; the repair moves it out intact.
insert into public.audit_logs (occurred_at, table_schema, table_name, operation, record_id)
values (date_trunc('month', now()) + interval '9 months', 'public', 'files', 'INSERT', 'future-row');
select is((select count(*)::int from public.audit_logs_default), 1, 'a row beyond the premade range lands in the default partition');
select ops.partition_repair_default('public.audit_logs');
select ok((select count(*) = 0 from public.audit_logs_default) and (select count(*) = 1 from public.audit_logs where record_id = 'future-row'),
          'the repair moves it into its own month, no row lost');
-- Roll-over: a partition older than the retention is dropped by the maintenance pass.
create table public.audit_logs_p202001 partition of public.audit_logs for values from ('2020-01-01 00:00+00') to ('2020-02-01 00:00+00');
select ops.partition_maintain('public.audit_logs');
select ok(to_regclass('public.audit_logs_p202001') is null, 'partitions past the retention are dropped');

select * from finish();
rollback;
