-- Outbox delivery through net.http_post: one signed wake-up per transaction per subscribed
-- function, nothing without an endpoint, the Vault taking precedence over ops.settings, the
-- catch-up only when events are due, and the cron job.
begin;
select plan(12);
-- Wake-ups are posted at commit (a deferred constraint trigger); fire them per statement here.
set constraints all immediate;

delete from net.http_request_queue;
delete from ops.settings;
create function pg_temp.requests() returns setof net.http_request_queue language sql as
  $$ select * from net.http_request_queue order by id $$;

select ops.outbox_enqueue('cache.invalidate', '{"keys": ["a:b:c"]}');
select is((select count(*)::int from pg_temp.requests()), 0, 'no endpoint configured: no request, the event still enqueued');

insert into ops.settings (key, value) values
  ('opsbase_functions_url', 'http://127.0.0.1:9/functions/v1/'),
  ('opsbase_functions_secret', 'local-secret-0123456789');
-- The wake-up flag lives for the transaction, and this one already tried (with no endpoint):
-- clear it, as the next transaction would start.
select set_config('opsbase.woke_cache_invalidate', '', true), set_config('opsbase.woke_topic_' || md5('cache.invalidate'), '', true);
select ops.outbox_enqueue('cache.invalidate', '{"keys": ["a:b:c"]}') from generate_series(1, 50);
select ops.outbox_enqueue('test.unsubscribed', '{}');
select is((select count(*)::int from pg_temp.requests()), 1, '50 events in one transaction post one wake-up');
select is((select url from pg_temp.requests()), 'http://127.0.0.1:9/functions/v1/cache-invalidate', 'to the subscribed function');
select is((select convert_from(body, 'UTF8')::jsonb from pg_temp.requests()), '{"action": "drain"}'::jsonb, 'asking for a drain');

-- The signature is an HMAC-SHA256 over "<t>.<body>" with the shared secret (functions/_shared/auth.ts).
select ok((
  select headers ->> 'x-opsbase-signature' = format('t=%s,v1=%s', t,
    encode(extensions.hmac(t || '.' || convert_from(body, 'UTF8'), 'local-secret-0123456789', 'sha256'), 'hex'))
  from pg_temp.requests(), substring(headers ->> 'x-opsbase-signature' from '^t=(\d+),') t),
  'the request carries a valid x-opsbase-signature');
select ok((select abs(substring(headers ->> 'x-opsbase-signature' from '^t=(\d+),')::bigint - extract(epoch from clock_timestamp())) < 60
  from pg_temp.requests()), 'signed with the current time');
select is((select headers ->> 'Content-Type' from pg_temp.requests()), 'application/json', 'as JSON');

-- Catch-up: posts only when something is due.
delete from net.http_request_queue;
select is(ops.outbox_wake_due(), 1, 'due events: the catch-up posts a drain');
update ops.outbox set status = 'done' where topic = 'cache.invalidate' and status = 'pending';
select is(ops.outbox_wake_due(), 0, 'nothing due: no request');

-- Supabase Vault, when present, wins over ops.settings.
create schema vault;
create table vault.decrypted_secrets (name text, decrypted_secret text);
insert into vault.decrypted_secrets values ('opsbase_functions_url', 'https://ref.supabase.co/functions/v1'),
  ('opsbase_functions_secret', 'vault-secret');
select results_eq($$ select base_url, secret from ops.functions_endpoint() $$,
  $$ values ('https://ref.supabase.co/functions/v1', 'vault-secret') $$, 'the endpoint comes from the Vault');

select throws_ok($$ set local role authenticated; select ops.functions_post('x', '{}') $$, '42501', null,
  'API users cannot post signed requests');
reset role;
select is((select schedule from cron.job where jobname = 'opsbase-outbox-wake'), '* * * * *', 'the catch-up runs every minute');

select * from finish();
rollback;
