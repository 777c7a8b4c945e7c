-- public.cache_metadata: RLS, ops.cache_track upserts, cleanup of expired rows, cascades, cron.
begin;
select plan(14);

select tests.create_user('alice');
select tests.create_user('bob');
insert into public.documents (id, user_id, content) values
  ('00000000-0000-0000-0000-00000000d0c1', tests.get_user_id('alice'), 'a');

select ops.cache_track('cache:{t:a}:doc:h1:p1', 'document', '00000000-0000-0000-0000-00000000d0c1', tests.get_user_id('alice'), 60);
select ops.cache_track('cache:{t:a}:doc:h1:p1', 'document', '00000000-0000-0000-0000-00000000d0c1', tests.get_user_id('alice'), 120);
select ops.cache_track('cache:{t:b}:doc:h2:p1', 'document', null, tests.get_user_id('bob'), 60);

select results_eq(
  $$ select access_count, ttl_seconds, expires_at > now() + interval '119 seconds' from public.cache_metadata where cache_key = 'cache:{t:a}:doc:h1:p1' $$,
  $$ values (2, 120, true) $$,
  'cache_track upserts: count +1, the new TTL restarts expiry');
select throws_ok($$ select ops.cache_track('k', 'bogus', null, null, 60) $$, '23514', null, 'cache_type is checked');
select throws_ok($$ select ops.cache_track('k', 'document', null, null, 0) $$, '23514', null, 'ttl must be positive');

select tests.authenticate_as('alice');
select results_eq($$ select cache_key from public.cache_metadata $$, $$ values ('cache:{t:a}:doc:h1:p1') $$,
  'a user sees only their own rows');
select throws_ok($$ insert into public.cache_metadata (cache_key, cache_type, ttl_seconds, expires_at) values ('x', 'document', 1, now()) $$,
  '42501', null, 'a user cannot write rows');
select throws_ok($$ select ops.cache_track('x', 'document', null, null, 1) $$, '42501', null, 'a user cannot call cache_track');
select tests.authenticate_as_anon();
select throws_ok($$ select count(*) from public.cache_metadata $$, '42501', null, 'anon cannot read');
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.cache_metadata where cache_key like 'cache:{t:_}:%'), 2, 'service_role sees every row');
select tests.clear_authentication();

-- Expired rows go, in batches smaller than the backlog; live rows stay.
insert into public.cache_metadata (cache_key, cache_type, user_id, ttl_seconds, created_at, expires_at)
select 'cache:{t:b}:doc:old' || g || ':p', 'document', tests.get_user_id('bob'), 1, now() - interval '1 hour', now() - interval '1 minute'
from generate_series(1, 25) g;
select is(ops.cleanup_expired_cache(10), 25::bigint, 'cleanup returns how many expired rows it deleted');
select is((select count(*)::int from public.cache_metadata where cache_key like 'cache:{t:_}:%'), 2, 'unexpired rows are kept');

delete from public.documents where id = '00000000-0000-0000-0000-00000000d0c1';
select is((select count(*)::int from public.cache_metadata where document_id = '00000000-0000-0000-0000-00000000d0c1'), 0,
  'deleting the document deletes its rows');
delete from auth.users where id = tests.get_user_id('bob');
select is((select count(*)::int from public.cache_metadata where cache_key = 'cache:{t:b}:doc:h2:p1'), 0,
  'deleting the user deletes their rows');

select is((select schedule from cron.job where jobname = 'opsbase-cache-cleanup'), '*/15 * * * *', 'cleanup runs every 15 minutes');
select is((select command from cron.job where jobname = 'opsbase-cache-cleanup'), 'select ops.cleanup_expired_cache()', 'the job calls cleanup_expired_cache');

select * from finish();
rollback;
