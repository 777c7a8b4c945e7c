-- files, file_versions and get_file_tree: schema (the seed 003 defects are gone), triggers,
-- indexes the seed's queries need, partition registration, and the tree's shape.
begin;
select plan(27);

select tests.create_user('alice');
select tests.create_user('bob');
create temp table fx (name text primary key, id uuid not null);
insert into fx values ('alice', tests.get_user_id('alice')), ('bob', tests.get_user_id('bob')), ('ws', gen_random_uuid()), ('ws2', gen_random_uuid());
grant select on fx to authenticated;
create function pg_temp.fx(n text) returns uuid language sql stable as $$ select id from fx where name = n $$;

-- ---- workspaces: the creator becomes an owner member -------------------------------------------
select tests.authenticate_as('alice');
select lives_ok(format($$insert into public.workspaces (id, name) values (%L, 'alpha')$$, pg_temp.fx('ws')), 'alice creates a workspace through the API role');
select is((select role from public.workspace_members where workspace_id = pg_temp.fx('ws') and user_id = pg_temp.fx('alice')), 'owner', 'the creator is an owner member');
select lives_ok(format($$insert into public.workspace_members (workspace_id, user_id) values (%L, %L)$$, pg_temp.fx('ws'), pg_temp.fx('bob')), 'the owner adds bob as a member');
select lives_ok(format($$insert into public.files (workspace_id, path, content) values (%L, 'docs/a.md', 'hello, "world"'), (%L, 'docs/b.md', 'hello, "world"'), (%L, 'src/lib/util.ts', 'export const answer = 42')$$,
  pg_temp.fx('ws'), pg_temp.fx('ws'), pg_temp.fx('ws')), 'the owner writes files');
select tests.clear_authentication();

select throws_ok(format($$insert into public.files (workspace_id, path) values (%L, 'docs/a.md')$$, pg_temp.fx('ws')), '23505', null, 'path is unique per workspace');
insert into public.workspaces (id, owner_id, name) values (pg_temp.fx('ws2'), pg_temp.fx('bob'), 'beta');
select lives_ok(format($$insert into public.files (workspace_id, path) values (%L, 'docs/a.md')$$, pg_temp.fx('ws2')), 'the same path in another workspace is fine');
select throws_ok(format($$insert into public.files (workspace_id, path) values (%L, '/abs')$$, pg_temp.fx('ws')), '23514', null, 'a leading slash is rejected');
select throws_ok(format($$insert into public.files (workspace_id, path) values (%L, 'a//b')$$, pg_temp.fx('ws')), '23514', null, 'an empty segment is rejected');

select is((select content_hash from public.files where workspace_id = pg_temp.fx('ws') and path = 'docs/a.md'),
          encode(sha256(convert_to('hello, "world"', 'UTF8')), 'hex'), 'content_hash is sha256 of the content');
update public.files set content_hash = 'forged' where workspace_id = pg_temp.fx('ws') and path = 'docs/a.md';
select is((select content_hash from public.files where workspace_id = pg_temp.fx('ws') and path = 'docs/a.md'),
          encode(sha256(convert_to('hello, "world"', 'UTF8')), 'hex'), 'content_hash cannot be forged');
select is((select count(*)::int from public.files where workspace_id = pg_temp.fx('ws')
           and content_hash = (select content_hash from public.files where workspace_id = pg_temp.fx('ws') and path = 'docs/b.md')), 2,
          'duplicates are found by (workspace_id, content_hash)');
select is((select name || ':' || depth || ':' || size_bytes from public.files where workspace_id = pg_temp.fx('ws') and path = 'src/lib/util.ts'),
          'util.ts:3:24', 'name, depth and size are derived from path and content');

-- ---- search indexes ---------------------------------------------------------------------------
select is((select path from public.files where workspace_id = pg_temp.fx('ws') and content_tsv @@ websearch_to_tsquery('english', 'answer')),
          'src/lib/util.ts', 'full-text search over content');
select is((select path from public.files where workspace_id = pg_temp.fx('ws') and content_tsv @@ to_tsquery('simple', 'util')),
          'src/lib/util.ts', 'full-text search over path segments');
select is((select path from public.files where workspace_id = pg_temp.fx('ws') and name operator(extensions.%) 'utill.ts'),
          'src/lib/util.ts', 'trigram similarity on name');
select is((select array_agg(indexrelid::regclass::text order by indexrelid::regclass::text) from pg_index
           where indrelid = 'public.files'::regclass and indexrelid::regclass::text in ('idx_files_name_trgm', 'idx_files_content_tsv')),
          '{idx_files_content_tsv,idx_files_name_trgm}', 'trigram and full-text GIN indexes exist');
select is((select opcname::text from pg_index i join pg_opclass o on o.oid = i.indclass[0] where i.indexrelid = 'public.idx_files_name_trgm'::regclass),
          'gin_trgm_ops', 'the name index uses extensions.gin_trgm_ops');

-- ---- file_versions: partitioned, keys include created_at, registered ------------------------
select is((select partstrat::text from pg_partitioned_table where partrelid = 'public.file_versions'::regclass), 'r', 'file_versions is range partitioned');
select is((select array_agg(a.attname::text order by a.attname) from pg_constraint c
           join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
           where c.conrelid = 'public.file_versions'::regclass and c.contype = 'p'),
          '{created_at,file_id,version}', 'the primary key is (file_id, version, created_at): it includes the partition key');
select is_empty($$select conname from pg_constraint c where c.conrelid = 'public.file_versions'::regclass and c.contype in ('p', 'u')
                  and not exists (select from pg_attribute a where a.attrelid = c.conrelid and a.attnum = any (c.conkey) and a.attname = 'created_at')$$,
                'every unique constraint of file_versions includes created_at');
select is_empty($$select a.attname from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
                  where c.conrelid in ('public.files'::regclass, 'public.file_versions'::regclass, 'public.workspaces'::regclass, 'public.workspace_members'::regclass)
                    and c.contype = 'p' and not a.attnotnull$$, 'no nullable primary-key column');
select is((select period || '/' || premake from ops.partitioned_tables where schema_name = 'public' and table_name = 'file_versions'), 'month/3',
          'file_versions is registered with the partition manager');
select ok((select count(*) >= 4 from ops.partitions('public.file_versions') p where not p.is_default and p.upper_bound > now()),
          'current and premade partitions exist');
select lives_ok(format($$insert into public.file_versions (workspace_id, file_id, version, diff, content_hash, size_bytes)
                         select workspace_id, id, 1, '@@ -0,0 +1 @@', content_hash, size_bytes from public.files where workspace_id = %L and path = 'docs/a.md'$$, pg_temp.fx('ws')),
                'a version stored as a diff');
select throws_ok(format($$insert into public.file_versions (workspace_id, file_id, version, content, content_hash, size_bytes)
                          select %L, id, 2, 'x', content_hash, 1 from public.files where workspace_id = %L and path = 'docs/a.md'$$, pg_temp.fx('ws2'), pg_temp.fx('ws')),
                 '23503', null, 'a version cannot be filed under another workspace');

-- ---- get_file_tree ------------------------------------------------------------------------------
select results_eq(
  format($$select path, is_dir, coalesce(parent_path, '') , depth from public.get_file_tree(%L)$$, pg_temp.fx('ws')),
  $$values ('docs', true, '', 1), ('docs/a.md', false, 'docs', 2), ('docs/b.md', false, 'docs', 2),
           ('src', true, '', 1), ('src/lib', true, 'src', 2), ('src/lib/util.ts', false, 'src/lib', 3)$$,
  'the tree lists each directory once, depth-first, parents before children');
-- A sibling whose name sorts between 'a' and 'a/...' ('-' < '/') must not split a's subtree.
insert into public.files (workspace_id, path) values (pg_temp.fx('ws2'), 'a/x'), (pg_temp.fx('ws2'), 'a-b'), (pg_temp.fx('ws2'), 'a/y/z');
select results_eq(
  format($$select path from public.get_file_tree(%L)$$, pg_temp.fx('ws2')),
  $$values ('a'), ('a/x'), ('a/y'), ('a/y/z'), ('a-b'), ('docs'), ('docs/a.md')$$,
  'depth-first order keeps each subtree contiguous');

select * from finish();
rollback;
