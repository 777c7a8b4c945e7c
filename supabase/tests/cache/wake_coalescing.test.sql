-- Wake-ups coalesce across transactions (20261124231000_ops_outbox_wake_coalescing): posted at
-- commit, skipped while one is in flight, posted again once a claim has looked at the topic or
-- after 5 s, and never suppressed by a post that did not happen. Each "next transaction" is
-- simulated by clearing the transaction-local flags; tests/cache/invalidation-e2e.test.ts checks
-- the same with real concurrent commits.
begin;
select plan(12);

delete from net.http_request_queue;
delete from ops.settings;
delete from ops.outbox_wakeups;
update ops.outbox_subscriptions set drained_at = null;
insert into ops.settings (key, value) values
  ('opsbase_functions_url', 'http://127.0.0.1:9/functions/v1'),
  ('opsbase_functions_secret', 'local-secret-0123456789');
create function pg_temp.posted() returns integer language sql as
  $$ select count(*)::integer from net.http_request_queue where url like '%/cache-invalidate' $$;
create function pg_temp.next_transaction() returns void language sql as $$
  select set_config('opsbase.woke_cache_invalidate', '', true), set_config('opsbase.woke_topic_' || md5('cache.invalidate'), '', true)
$$;

select ok((select tgdeferrable and tginitdeferred from pg_trigger where tgrelid = 'ops.outbox'::regclass and tgname = 'outbox_wake_subscribers'),
  'the wake-up trigger is a deferred constraint trigger');

select ops.outbox_enqueue('cache.invalidate', '{"keys": ["a:b:1"]}');
select is(pg_temp.posted(), 0, 'nothing is posted before commit');
set constraints all immediate;  -- what COMMIT does
select is(pg_temp.posted(), 1, 'the wake-up is posted at commit');
select ok((select posted_at is not null from ops.outbox_wakeups where topic = 'cache.invalidate'), 'and recorded');

select pg_temp.next_transaction();
select ops.outbox_enqueue('cache.invalidate', '{"keys": ["a:b:2"]}') from generate_series(1, 3);
select is(pg_temp.posted(), 1, 'the next producer skips: a wake-up is in flight');

select count(*) from ops.outbox_claim('cache.invalidate', 'test-consumer', 1);
select ok((select drained_at >= (select posted_at from ops.outbox_wakeups where topic = 'cache.invalidate')
  from ops.outbox_subscriptions where topic = 'cache.invalidate'), 'a claim stamps drained_at');
select pg_temp.next_transaction();
select ops.outbox_enqueue('cache.invalidate', '{"keys": ["a:b:3"]}');
select is(pg_temp.posted(), 2, 'after a claim looked, the next producer posts again');

-- A wake-up nobody answered (function down, request lost) stops suppressing after 5 s.
update ops.outbox_subscriptions set drained_at = null;
update ops.outbox_wakeups set posted_at = clock_timestamp() - interval '4 seconds';
select pg_temp.next_transaction();
select ops.outbox_enqueue('cache.invalidate', '{"keys": ["a:b:4"]}');
select is(pg_temp.posted(), 2, 'an unanswered wake-up younger than 5 s still suppresses');
update ops.outbox_wakeups set posted_at = clock_timestamp() - interval '6 seconds';
select pg_temp.next_transaction();
select ops.outbox_enqueue('cache.invalidate', '{"keys": ["a:b:5"]}');
select is(pg_temp.posted(), 3, 'one older than 5 s is posted again');

-- No endpoint: nothing is sent, so nothing may suppress the next producer.
delete from ops.settings;
update ops.outbox_wakeups set posted_at = clock_timestamp() - interval '6 seconds';
select pg_temp.next_transaction();
select ops.outbox_enqueue('cache.invalidate', '{"keys": ["a:b:6"]}');
select is((select count(*)::integer from ops.outbox_wakeups), 0, 'a post that did not happen leaves no in-flight record');

select is(ops.outbox_wake_topic('no.such.topic'), false, 'a topic without a subscriber posts nothing');
select throws_ok($$ set local role authenticated; select ops.outbox_wake_topic('cache.invalidate') $$, '42501', null,
  'API users cannot post wake-ups');

select * from finish();
rollback;
