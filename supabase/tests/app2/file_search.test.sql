-- public.search_files: matches, ranking, headlines, websearch syntax, limits and RLS.
begin;
select plan(10);

select tests.create_user('alice');
select tests.create_user('oscar');
create temp table fx (name text primary key, id uuid not null);
insert into fx values ('alice', tests.get_user_id('alice')), ('ws', gen_random_uuid());
grant select on fx to authenticated;
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;
insert into public.workspaces (id, owner_id, name) values (pg_temp.fx('ws'), pg_temp.fx('alice'), 'search');
insert into public.files (workspace_id, path, content) values
  (pg_temp.fx('ws'), 'docs/partitioning.md', 'Partitioning splits a table. Partitions are dropped by retention; partitioning keeps indexes small.'),
  (pg_temp.fx('ws'), 'docs/intro.md', 'An introduction. One paragraph mentions partitions once, among many other words about queues and workers.'),
  (pg_temp.fx('ws'), 'src/queue.ts', 'export function claim() { /* SKIP LOCKED */ }'),
  (pg_temp.fx('ws'), 'notes/recipes.md', 'Nothing relevant: bread, butter, "quotes", commas, and tabs.');

select results_eq(
  format($$select path from public.search_files(%L, 'partitions')$$, pg_temp.fx('ws')),
  $$values ('docs/partitioning.md'), ('docs/intro.md')$$,
  'stemmed content matches, the denser document ranks first');
select ok((select headline like '%<mark>Partition%' from public.search_files(pg_temp.fx('ws'), 'partitions') where path = 'docs/partitioning.md'),
          'the headline marks the matched words');
select ok((select rank > 0 from public.search_files(pg_temp.fx('ws'), 'partitions') order by rank limit 1), 'ranks are positive');
select is((select path from public.search_files(pg_temp.fx('ws'), 'queue') order by rank desc limit 1), 'src/queue.ts', 'path segments are searchable and weigh more');
select is((select count(*)::int from public.search_files(pg_temp.fx('ws'), 'partitions -retention')), 1, 'websearch syntax: -word excludes');
select is((select count(*)::int from public.search_files(pg_temp.fx('ws'), '"skip locked"')), 1, 'websearch syntax: phrases');
select is((select count(*)::int from public.search_files(pg_temp.fx('ws'), $q$'):&|!( "unbalanced$q$)), 0, 'tsquery metacharacters in user input cause no error');
select is((select count(*)::int from public.search_files(pg_temp.fx('ws'), '')), 0, 'an empty query finds nothing');
select is((select count(*)::int from public.search_files(pg_temp.fx('ws'), 'partitions', 1)), 1, 'max_results limits the rows');

select tests.authenticate_as('oscar');
select is((select count(*)::int from public.search_files(pg_temp.fx('ws'), 'partitions')), 0, 'an outsider finds nothing (RLS)');
select tests.clear_authentication();

select * from finish();
rollback;
