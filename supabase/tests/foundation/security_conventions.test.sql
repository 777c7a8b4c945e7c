-- Conventions every module must keep (design.md, "Security"). Each check scans the catalog, so a
-- later migration that breaks a rule fails here. The probes at the end prove each check can fail.
begin;
select plan(9);

create or replace function pg_temp.tables_without_rls() returns setof text language sql as $$
  select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity
$$;

-- Functions we own (not extension members) in our schemas without SET search_path = ''.
create or replace function pg_temp.functions_without_empty_search_path() returns setof text language sql as $$
  select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'ops')
    and not exists (select from pg_depend d where d.objid = p.oid and d.deptype = 'e')
    and not coalesce('search_path=""' = any(p.proconfig), false)
$$;

-- ops functions that anon, authenticated or PUBLIC may execute.
create or replace function pg_temp.ops_functions_open_to_api() returns setof text language sql as $$
  select p.oid::regprocedure::text from pg_proc p
  where p.pronamespace = 'ops'::regnamespace
    and (has_function_privilege('anon', p.oid, 'execute')
      or has_function_privilege('authenticated', p.oid, 'execute'))
$$;

create or replace function pg_temp.ops_tables_open_to_api() returns setof text language sql as $$
  select c.oid::regclass::text from pg_class c
  where c.relnamespace = 'ops'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
    and (has_table_privilege('anon', c.oid, 'select,insert,update,delete')
      or has_table_privilege('authenticated', c.oid, 'select,insert,update,delete'))
$$;

select is_empty('select * from pg_temp.tables_without_rls()', 'every public table has RLS');
select is_empty('select * from pg_temp.functions_without_empty_search_path()', 'every public/ops function sets search_path = ''''');
select is_empty('select * from pg_temp.ops_functions_open_to_api()', 'no ops function is executable by anon or authenticated');
select is_empty('select * from pg_temp.ops_tables_open_to_api()', 'no ops table or view is readable by anon or authenticated');
select ok(not has_schema_privilege('anon', 'ops', 'usage') and not has_schema_privilege('authenticated', 'ops', 'usage'),
          'anon and authenticated cannot use schema ops');
select ok(has_schema_privilege('service_role', 'ops', 'usage'), 'service_role can use schema ops');

-- Probes: break each rule once and check the scan notices.
create table public.probe_no_rls (id int);
create function ops.probe_fn() returns int language sql as 'select 1';
create table ops.probe_tbl (id int);
grant select on ops.probe_tbl to authenticated;
select is((select count(*)::int from pg_temp.tables_without_rls() t where t = 'public.probe_no_rls'), 1, 'the RLS scan sees a table without RLS');
select ok('ops.probe_fn()' in (select * from pg_temp.functions_without_empty_search_path())
          and 'ops.probe_fn()' in (select * from pg_temp.ops_functions_open_to_api()),
          'the function scans see a default-privileged ops function');
select ok('ops.probe_tbl' in (select * from pg_temp.ops_tables_open_to_api()), 'the table scan sees a granted ops table');

select * from finish();
rollback;
