-- The seed 000 §4 registrations on the app model: documents and user_profiles.
begin;
select plan(8);

delete from ops.outbox where topic = 'cache.invalidate';
create function pg_temp.events() returns setof jsonb language sql as
  $$ select payload from ops.outbox where topic = 'cache.invalidate' order by id $$;

select tests.create_user('dora');
select tests.create_user('eve');
insert into public.documents (id, user_id, content) values
  ('00000000-0000-0000-0000-0000000000d1', tests.get_user_id('dora'), 'one'),
  ('00000000-0000-0000-0000-0000000000d2', tests.get_user_id('dora'), 'two');
select ops.cache_track(format('cache:{t:%s}:doc:h1:p', tests.get_user_id('dora')), 'document', '00000000-0000-0000-0000-0000000000d1', tests.get_user_id('dora'), 60);
select ops.cache_track(format('cache:{t:%s}:enhance:m:h1:p', tests.get_user_id('dora')), 'enhancement', '00000000-0000-0000-0000-0000000000d1', tests.get_user_id('dora'), 60);
select ops.cache_track(format('cache:{t:%s}:doc:h2:p', tests.get_user_id('dora')), 'document', '00000000-0000-0000-0000-0000000000d2', tests.get_user_id('dora'), 60);

update public.documents set status = 'enhancing' where id = '00000000-0000-0000-0000-0000000000d1';
select is((select count(*)::int from pg_temp.events()), 0, 'a status-only update invalidates nothing');

update public.documents set content = 'one, edited' where id = '00000000-0000-0000-0000-0000000000d1';
select bag_eq($$ select jsonb_array_elements_text(e -> 'keys') from pg_temp.events() e $$,
  format($$ values ('cache:{t:%1$s}:doc:h1:p'), ('cache:{t:%1$s}:enhance:m:h1:p') $$, tests.get_user_id('dora')),
  'a content update invalidates exactly the document''s tracked keys');
select is((select e -> 'tags' from pg_temp.events() e), jsonb_build_array(format('tag:{t:%s}:documents', tests.get_user_id('dora'))),
  'and the owner''s documents tag set');
select is((select count(*)::int from public.cache_metadata where document_id = '00000000-0000-0000-0000-0000000000d2'), 1,
  'the other document''s keys are untouched');

delete from ops.outbox where topic = 'cache.invalidate';
delete from public.documents where id = '00000000-0000-0000-0000-0000000000d2';
select is((select e -> 'keys' from pg_temp.events() e), jsonb_build_array(format('cache:{t:%s}:doc:h2:p', tests.get_user_id('dora'))),
  'a delete invalidates the document''s keys (read before the cascade removes them)');

delete from ops.outbox where topic = 'cache.invalidate';
update public.user_profiles set display_name = 'Eve' where id = tests.get_user_id('eve');
select is((select count(*)::int from pg_temp.events()), 0, 'a profile change other than the tier invalidates nothing');
update public.user_profiles set subscription_tier = 'pro' where id = tests.get_user_id('eve');
select is((select e -> 'patterns' from pg_temp.events() e),
  jsonb_build_array(format('rl:{t:%s}:*', tests.get_user_id('eve')), format('session:{t:%s}:*', tests.get_user_id('eve'))),
  'a tier change invalidates the user''s rate-limit and session keys');
select is((select count(*)::int from ops.cache_invalidation_rules where table_name in ('public.documents'::regclass, 'public.user_profiles'::regclass)), 2,
  'one rule per table');

select * from finish();
rollback;
