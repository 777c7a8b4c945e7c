-- Routing config: receivers name secrets (never hold them), routes reject unknown receivers and
-- bad matchers at insert, the tree walk follows Alertmanager (first match, `continue`,
-- inheritance), silences expire, inhibition needs equal labels, and only service_role gets in.
begin;
select plan(24);

delete from ops.alert_routes;
delete from ops.alert_receivers;
insert into ops.alert_receivers (name, kind, url_secret, key_secret) values
  ('slack-ops', 'slack', 'ALERT_SLACK_URL', null),
  ('pd', 'pagerduty', null, 'ALERT_PD_ROUTING_KEY'),
  ('hook', 'webhook', 'ALERT_HOOK_URL', 'ALERT_HOOK_SECRET');

-- Receivers
select throws_ok($$ insert into ops.alert_receivers (name, kind, url_secret) values ('x', 'slack', 'https://hooks.slack.com/services/T/B/X') $$,
  '23514', null, 'a URL where a secret name belongs is rejected');
select throws_ok($$ insert into ops.alert_receivers (name, kind, key_secret) values ('x', 'pagerduty', 'SUPABASE_SERVICE_ROLE_KEY') $$,
  '23514', null, 'only ALERT_* secrets can be named (not platform secrets)');
select throws_ok($$ insert into ops.alert_receivers (name, kind, url_secret) values ('x', 'webhook', 'ALERT_X_URL') $$,
  '23514', null, 'a webhook without a signing secret is rejected');
select throws_ok($$ insert into ops.alert_receivers (name, kind, key_secret, settings) values ('x', 'email', 'ALERT_RESEND_KEY', '{"from": "a@b.c"}') $$,
  '23514', null, 'email needs from and a to list');
select throws_ok($$ insert into ops.alert_receivers (name, kind, url_secret) values ('x', 'sms', 'ALERT_X') $$,
  '23514', null, 'unknown kind rejected');

-- Routes
select throws_ok($$ insert into ops.alert_routes (name, receiver) values ('root', 'nobody') $$,
  '23503', null, 'a route with an unknown receiver is rejected at insert');
select throws_ok($$ insert into ops.alert_routes (name) values ('root') $$, '23514', null, 'the root needs a receiver');
insert into ops.alert_routes (name, receiver, group_by, group_wait) values ('root', 'slack-ops', '{alertname}', '10 seconds');
select throws_ok($$ insert into ops.alert_routes (name, receiver) values ('root2', 'slack-ops') $$, '23505', null, 'one root only');
select throws_ok($$ insert into ops.alert_routes (name, parent_id, matchers) values ('bad-op', (select id from ops.alert_routes where name = 'root'), '[{"label": "severity", "op": "==", "value": "x"}]') $$,
  '23514', null, 'an unknown matcher op is rejected');
select throws_ok($$ insert into ops.alert_routes (name, parent_id, matchers) values ('bad-re', (select id from ops.alert_routes where name = 'root'), '[{"label": "severity", "op": "=~", "value": "(unclosed"}]') $$,
  '23514', null, 'an invalid regex is rejected');
select throws_ok($$ update ops.alert_routes set receiver = 'nobody' where name = 'root' $$, '23503', null, 'an update to an unknown receiver is rejected');

-- Tree: critical -> pd (continue) ; critical|error -> hook ; object=~public\..* -> (inherit slack) with child
insert into ops.alert_routes (name, parent_id, position, matchers, receiver, continue_matching, group_wait)
select 'critical', id, 1, '[{"label": "severity", "op": "=", "value": "critical"}]', 'pd', true, '0 seconds' from ops.alert_routes where name = 'root';
insert into ops.alert_routes (name, parent_id, position, matchers, receiver)
select 'errors', id, 2, '[{"label": "severity", "op": "=~", "value": "critical|error"}]', 'hook' from ops.alert_routes where name = 'root';
insert into ops.alert_routes (name, parent_id, position, matchers)
select 'public', id, 3, '[{"label": "object", "op": "=~", "value": "public\\..*"}]' from ops.alert_routes where name = 'root';
insert into ops.alert_routes (name, parent_id, position, matchers, group_by)
select 'public-bloat', id, 1, '[{"label": "alertname", "op": "=", "value": "high_bloat"}]', '{alertname,object}' from ops.alert_routes where name = 'public';

create function pg_temp.routes(labels jsonb) returns text language sql as
  $$ select string_agg(name || '>' || receiver, ',' order by name) from ops.alert_routes_for(labels) $$;

select is(pg_temp.routes('{"alertname": "slow_query", "severity": "critical"}'), 'critical>pd,errors>hook',
  'continue: the critical route and the next matching sibling');
select is(pg_temp.routes('{"alertname": "slow_query", "severity": "error", "object": "public.t"}'), 'errors>hook',
  'without continue the first match ends the search');
select is(pg_temp.routes('{"alertname": "slow_query", "severity": "warning", "object": "public.t"}'), 'public>slack-ops',
  'a child without a receiver inherits its parent''s');
select is(pg_temp.routes('{"alertname": "high_bloat", "severity": "warning", "object": "public.t"}'), 'public-bloat>slack-ops',
  'the deepest match wins');
select is(pg_temp.routes('{"alertname": "slow_query", "severity": "warning", "object": "auth.users"}'), 'root>slack-ops',
  'no child matches: the root');
select is((select row(group_by, group_wait, group_interval)::text from ops.alert_routes_effective where name = 'public-bloat'),
  row('{alertname,object}'::text[], interval '10 seconds', interval '5 minutes')::text, 'timers inherit from the root, defaults below it');
select ok(ops.alert_matches('{"a": "x"}', '[{"label": "b", "op": "=", "value": ""}]'), 'a missing label reads as empty');
select ok(not ops.alert_matches('{"a": "xy"}', '[{"label": "a", "op": "=~", "value": "x"}]'), 'regexes are anchored');

-- Silences
insert into ops.alert_silences (matchers, starts_at, ends_at) values
  ('[{"label": "object", "op": "=", "value": "public.quiet"}]', now() - interval '1 minute', now() + interval '1 hour'),
  ('[{"label": "object", "op": "=", "value": "public.was"}]', now() - interval '2 hours', now() - interval '1 hour');
select ok(ops.alert_silenced('{"object": "public.quiet", "alertname": "x", "severity": "warning"}'), 'an active silence mutes');
select ok(not ops.alert_silenced('{"object": "public.was", "alertname": "x", "severity": "warning"}'), 'an expired silence does not');

-- Privileges
select tests.create_user('mallory');
select tests.authenticate_as('mallory');
select throws_ok($$ select count(*) from ops.alert_receivers $$, '42501', null, 'authenticated cannot read receivers');
select tests.authenticate_as_anon();
select throws_ok($$ select ops.alert_fanout_flush() $$, '42501', null, 'anon cannot flush');
select tests.authenticate_as_service_role();
select lives_ok($$ select count(*) from ops.alert_routes_effective $$, 'service_role reads the routes');

select * from finish();
rollback;
