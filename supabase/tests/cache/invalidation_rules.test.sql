-- ops.register_cache_invalidation on a scratch table: validation at registration, one outbox
-- event per changed row with rendered (and glob-escaped) templates, column filters, BEFORE
-- DELETE reading cache_metadata, ordering keys, and unregistering.
begin;
select plan(26);

create table public.cache_scratch (
  id uuid primary key default gen_random_uuid(),
  owner uuid not null,
  name text,
  counter integer not null default 0
);
alter table public.cache_scratch enable row level security;
delete from ops.outbox where topic = 'cache.invalidate';
create function pg_temp.events() returns setof jsonb language sql as
  $$ select payload from ops.outbox where topic = 'cache.invalidate' order by id $$;

-- Refusals, each with its reason.
select throws_like($$ select ops.register_cache_invalidation('public.cache_scratch', '{}', array['cache:{t:x}:*'], '{}') $$,
  '%needs a ${column} placeholder%', 'a pattern without a placeholder is refused');
select throws_like($$ select ops.register_cache_invalidation('public.cache_scratch', '{}', array['cache:*:${id}'], '{}') $$,
  '%first two segments must be literal%', 'a pattern with a wildcard in its first two segments is refused');
select throws_like($$ select ops.register_cache_invalidation('public.cache_scratch', '{}', array['${owner}:x:*'], '{}') $$,
  '%literal namespace%', 'a pattern must start with a literal namespace');
select throws_like($$ select ops.register_cache_invalidation('public.cache_scratch', array['k:{t:${nope}}:x'], '{}', '{}') $$,
  '%has no column nope%', 'templates are checked against the real columns');
select throws_like($$ select ops.register_cache_invalidation('public.cache_scratch', array['k:{t:${old.owner}}:x'], '{}', '{}', null, '{INSERT}') $$,
  '%has no value on INSERT%', '${old.col} is refused for INSERT');
select throws_like($$ select ops.register_cache_invalidation('public.cache_scratch', array['k:{t:${new.owner}}:x'], '{}', '{}') $$,
  '%has no value on DELETE%', '${new.col} is refused for DELETE');
select throws_like($$ select ops.register_cache_invalidation('public.cache_scratch', array['k:${owner'], '{}', '{}') $$,
  '%unterminated%', 'a malformed placeholder is refused');
select throws_like($$ select ops.register_cache_invalidation('public.cache_scratch', '{}', '{}', '{}') $$,
  '%nothing to invalidate%', 'a rule must invalidate something');
select throws_like($$ select ops.register_cache_invalidation('public.cache_scratch', '{}', '{}', array['cache:{t:${owner}}:x']) $$,
  '%tag: namespace%', 'tag sets live in the tag: namespace');
select throws_like($$ select ops.register_cache_invalidation('public.cache_scratch', array['k:${id}'], '{}', '{}', array['nope']) $$,
  '%has no column nope%', 'p_columns are checked');
select throws_like($$ select ops.register_cache_invalidation('public.cache_scratch', array['k:${id}'], '{}', '{}', null, '{TRUNCATE}') $$,
  '%operations must be among%', 'only row operations');

select ops.register_cache_invalidation('public.cache_scratch',
  p_keys => array['obj:{t:${owner}}:scratch:${id}'],
  p_patterns => array['list:{t:${old.owner}}:${old.name}:*'],
  p_tags => array['tag:{t:${owner}}:scratch'],
  p_columns => array['name', 'owner'],
  p_operations => '{UPDATE,DELETE}',
  p_metadata_column => 'user_id') as rule_id \gset

select tests.create_user('carol');
insert into public.cache_scratch (id, owner, name) values
  (tests.get_user_id('carol'), '00000000-0000-0000-0000-00000000000a', 'we*ird[1]'),
  ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-00000000000b', 'plain');
select ops.cache_track('cache:{t:c}:doc:h1:p', 'document', null, tests.get_user_id('carol'), 60);
select ops.cache_track('cache:{t:c}:doc:h2:p', 'enhancement', null, tests.get_user_id('carol'), 60);
select ops.cache_track('cache:{t:other}:doc:h3:p', 'document', null, null, 60);

select is((select count(*)::int from pg_temp.events()), 0, 'INSERT is not registered: no events');
update public.cache_scratch set counter = counter + 1;
select is((select count(*)::int from pg_temp.events()), 0, 'an update of an unlisted column enqueues nothing');
update public.cache_scratch set name = name;
select is((select count(*)::int from pg_temp.events()), 0, 'a no-op update enqueues nothing');

update public.cache_scratch set name = 'renamed' where id = tests.get_user_id('carol');
select is((select count(*)::int from pg_temp.events()), 1, 'one event per changed row');
select is((select e -> 'patterns' from pg_temp.events() e),
  '["list:{t:00000000-0000-0000-0000-00000000000a}:we\\*ird\\[1\\]:*"]'::jsonb,
  'pattern values come from OLD and are glob-escaped');
select is((select e -> 'tags' from pg_temp.events() e), '["tag:{t:00000000-0000-0000-0000-00000000000a}:scratch"]'::jsonb,
  '${col} renders from NEW on UPDATE');
select bag_eq(
  $$ select jsonb_array_elements_text(e -> 'keys') from pg_temp.events() e $$,
  format($$ values ('obj:{t:00000000-0000-0000-0000-00000000000a}:scratch:%s'), ('cache:{t:c}:doc:h1:p'), ('cache:{t:c}:doc:h2:p') $$, tests.get_user_id('carol')),
  'keys: the rendered template plus every cache_metadata key of the row, and no other');
select is((select count(*)::int from public.cache_metadata where user_id = tests.get_user_id('carol')), 0,
  'the row''s cache_metadata rows go with the event');
select is((select count(*)::int from public.cache_metadata where cache_key = 'cache:{t:other}:doc:h3:p'), 1,
  'other rows'' metadata is untouched');
select results_eq(
  $$ select ordering_key, aggregate_type, max_attempts, payload ->> 'op', payload ->> 'table' from ops.outbox where topic = 'cache.invalidate' $$,
  format($$ values ('public.cache_scratch:%1$s', 'public.cache_scratch', 20, 'UPDATE', 'cache_scratch') $$, tests.get_user_id('carol')),
  'events are ordered per row and carry op and table');

-- DELETE fires BEFORE the row goes, using OLD values.
delete from ops.outbox where topic = 'cache.invalidate';
delete from public.cache_scratch where id = '00000000-0000-0000-0000-0000000000b2';
select is((select e ->> 'op' from pg_temp.events() e), 'DELETE', 'a delete enqueues an event');
select is((select e -> 'patterns' from pg_temp.events() e), '["list:{t:00000000-0000-0000-0000-00000000000b}:plain:*"]'::jsonb,
  'delete renders from OLD');

-- An API user's write still enqueues (the trigger is SECURITY DEFINER; users cannot enqueue).
delete from ops.outbox where topic = 'cache.invalidate';
create policy cache_scratch_all on public.cache_scratch for all to authenticated using (true) with check (true);
grant select, update on public.cache_scratch to authenticated;
select tests.authenticate_as('carol');
update public.cache_scratch set name = 'by-user';
select tests.clear_authentication();
select is((select count(*)::int from pg_temp.events()), 1, 'an authenticated user''s update is invalidated too');

select ok(ops.unregister_cache_invalidation(:rule_id), 'unregister reports the rule was there');
select is((select count(*)::int from pg_trigger where tgrelid = 'public.cache_scratch'::regclass and tgname like 'cache_invalidate_%'), 0,
  'unregister drops the triggers');

select * from finish();
rollback;
