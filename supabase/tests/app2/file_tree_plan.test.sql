-- get_file_tree is planned per call (20261124230810_app2_file_tree_custom_plan): a small workspace
-- is read through an index even when one big workspace makes up most of the table. The earlier
-- LANGUAGE sql version got one generic plan (estimate: rows / distinct workspaces) and scanned
-- the whole files table for every workspace. Seen through this transaction's own scan counters.
begin;
select plan(6);

select tests.create_user('alice');
create temp table fx (name text primary key, id uuid not null);
insert into fx values ('alice', tests.get_user_id('alice')), ('big', gen_random_uuid()), ('small', gen_random_uuid());
grant select on fx to authenticated;
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;

insert into public.workspaces (id, owner_id, name) values (pg_temp.fx('big'), pg_temp.fx('alice'), 'big'), (pg_temp.fx('small'), pg_temp.fx('alice'), 'small');
insert into public.files (workspace_id, path)
select pg_temp.fx('big'), format('m%s/src/pkg%s/F%s.java', g / 250, (g / 25) % 10, g) from generate_series(0, 5999) g;
insert into public.files (workspace_id, path) values (pg_temp.fx('small'), 'README.md'), (pg_temp.fx('small'), 'src/a.ts'), (pg_temp.fx('small'), 'src/lib/b.ts');
analyze public.files;

select is((select l.lanname::text from pg_proc p join pg_language l on l.oid = p.prolang where p.oid = 'public.get_file_tree(uuid)'::regprocedure), 'plpgsql',
          'get_file_tree is plpgsql (a LANGUAGE sql function with SET is planned without its argument)');
select is((select proconfig from pg_proc where oid = 'public.get_file_tree(uuid)'::regprocedure), array['search_path=""', 'plan_cache_mode=force_custom_plan'],
          'empty search_path, custom plans');

create temp table scans as select seq_scan, coalesce(idx_scan, 0) as idx_scan from pg_stat_xact_user_tables where relid = 'public.files'::regclass;
select tests.authenticate_as('alice');
select results_eq(format('select path, is_dir from public.get_file_tree(%L)', pg_temp.fx('small')),
                  $$values ('README.md', false), ('src', true), ('src/a.ts', false), ('src/lib', true), ('src/lib/b.ts', false)$$,
                  'the small workspace''s tree');
select tests.clear_authentication();
select is((select x.seq_scan - s.seq_scan from pg_stat_xact_user_tables x, scans s where x.relid = 'public.files'::regclass), 0::bigint,
          'reading the small workspace did not scan the whole files table');
select cmp_ok((select coalesce(x.idx_scan, 0) - s.idx_scan from pg_stat_xact_user_tables x, scans s where x.relid = 'public.files'::regclass), '>', 0::bigint,
              'it went through an index');

select tests.authenticate_as('alice');
select is((select count(*)::int from public.get_file_tree(pg_temp.fx('big'))), 6000 + 24 * 12,
          'the big workspace: 6,000 files, 24 modules, each with src and 10 packages');
select tests.clear_authentication();

select * from finish();
rollback;
