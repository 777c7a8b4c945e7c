-- Ingest, grouping, flush and the notification log in one transaction (now() is fixed, so
-- group_wait 0 makes a group due at once): repeats touch no group, a changed set is logged once,
-- the log's unique key stops a second copy, resolves follow their trigger, muted alerts log
-- nothing, and delivery outcomes move a notification as documented.
begin;
select plan(30);

delete from ops.alert_notifications;
delete from ops.alert_groups;
delete from ops.alert_states;
delete from ops.alert_routes;
delete from ops.alert_receivers;
delete from ops.outbox where topic = 'alert';
insert into ops.alert_receivers (name, kind, url_secret, max_attempts, backoff_base, backoff_max) values
  ('slack-ops', 'slack', 'ALERT_SLACK_URL', 3, '10 seconds', '1 minute');
insert into ops.alert_routes (name, receiver, group_by, group_wait, group_interval, repeat_interval)
values ('root', 'slack-ops', '{alertname}', '0 seconds', '5 minutes', '4 hours');

select is((select function_name from ops.outbox_subscriptions where topic = 'alert'), 'alert-fanout',
  'topic alert wakes alert-fanout through the generic delivery path');
select is((select count(*)::int from cron.job where jobname in ('opsbase-alert-fanout-tick', 'opsbase-alert-fanout-purge')), 2,
  'timer and purge cron jobs');

create function pg_temp.ev(fp text, status text, severity text default 'warning', object text default null) returns bigint language sql as $$
  select ops.outbox_enqueue('alert', jsonb_build_object('status', status, 'fingerprint', fp, 'alert_type', 'slow_query',
    'severity', severity, 'labels', jsonb_build_object('object', coalesce(object, fp)), 'message', 'm ' || fp), 'test', fp, fp)
$$;

-- 300 events for 3 alerts: one event per fingerprint is claimable at a time (ordering key).
select pg_temp.ev('slow_query:' || (g % 3), case when g < 3 then 'opened' else 'updated' end) from generate_series(0, 299) g;
create function pg_temp.ingest_all() returns integer language plpgsql as $$
declare total integer := 0; n integer;
begin
  loop
    select claimed into n from ops.alert_fanout_ingest('t', 1000);
    exit when n = 0;
    total := total + n;
  end loop;
  return total;
end $$;
select is(pg_temp.ingest_all(), 300, 'all 300 events ingested');
select is((select count(*)::int from ops.outbox where topic = 'alert' and status = 'done'), 300, '... and acked');
select is((select count(*)::int from ops.alert_states), 3, 'three alerts');
select is((select count(*)::int from ops.alert_groups), 1, 'one group (group_by alertname)');
select is((select count(*)::int from ops.alert_group_alerts), 3, 'three members');

select is(ops.alert_fanout_flush(), 1, 'the flush logs one notification');
select is((select (payload ->> 'firing')::int from ops.alert_notifications), 3, 'with the three alerts');
select is(ops.alert_fanout_flush(), 0, 'nothing due right after');
update ops.alert_groups set next_flush_at = now();
select is(ops.alert_fanout_flush(), 0, 'an unchanged set before repeat_interval logs nothing');

-- The log key: a second copy of the same (receiver, group, set, state) cannot exist.
select throws_ok($$ insert into ops.alert_notifications (receiver, group_key, alert_set_hash, state, payload)
  select receiver, group_key, alert_set_hash, state, '{}' from ops.alert_notifications $$, '23505', null,
  'the notification log refuses a duplicate');

-- Claim and deliver outcomes
select is((select count(*)::int from ops.alert_notifications_claim('a', 10)), 1, 'one due notification claimed');
select is((select count(*)::int from ops.alert_notifications_claim('b', 10)), 0, 'a second instance gets nothing');
select is(ops.alert_notification_record((select id from ops.alert_notifications), 'b', 'sent'), 'ignored', 'only the lease holder records');
select is(ops.alert_notification_record((select id from ops.alert_notifications), 'a', 'retry', 500, 'HTTP 500'), 'pending', '500: retry');
select ok((select next_attempt_at between now() + interval '8 seconds' and now() + interval '12 seconds' from ops.alert_notifications),
  'first retry after backoff_base (±20%)');
update ops.alert_notifications set next_attempt_at = now();
select ops.alert_notifications_claim('a', 10);
select is(ops.alert_notification_record((select id from ops.alert_notifications), 'a', 'retry', 429, 'HTTP 429', interval '42 seconds'), 'pending', '429: retry');
select is((select next_attempt_at from ops.alert_notifications), now() + interval '42 seconds', 'exactly Retry-After later');
update ops.alert_notifications set next_attempt_at = now();
select ops.alert_notifications_claim('a', 10);
select is(ops.alert_notification_record((select id from ops.alert_notifications), 'a', 'rate_limited', null, 'limit', interval '5 seconds'), 'pending', 'rate limited: wait');
select is((select attempts from ops.alert_notifications), 2, 'a rate-limited turn is not a delivery attempt');
update ops.alert_notifications set next_attempt_at = now();
select ops.alert_notifications_claim('a', 10);
select is(ops.alert_notification_record((select id from ops.alert_notifications), 'a', 'retry', 503, 'HTTP 503'), 'failed', 'max_attempts reached: failed');
select is((select count(*)::int from ops.alert_delivery_attempts), 4, 'every attempt recorded');

-- Resolve: a resolved notification, ordered behind its trigger.
update ops.alert_notifications set status = 'sent';
select pg_temp.ev('slow_query:' || g, 'resolved') from generate_series(0, 2) g;
select pg_temp.ingest_all();
update ops.alert_groups set next_flush_at = now();
select is(ops.alert_fanout_flush(), 1, 'the resolve is logged once');
select is((select state from ops.alert_notifications order by id desc limit 1), 'resolved', 'as resolved');
select is((select count(*)::int from ops.alert_groups), 0, 'the emptied group is gone');

-- Muted: a warning inhibited by a critical with the same object logs no notification.
select pg_temp.ev('xid:db', 'opened', 'critical', 'postgres');
select pg_temp.ev('dead:db', 'opened', 'warning', 'postgres');
select pg_temp.ingest_all();
select ops.alert_fanout_flush();
select is((select jsonb_path_query_array(payload, '$.alerts[*].fingerprint') from ops.alert_notifications where state = 'firing' and status = 'pending'),
  '["xid:db"]'::jsonb, 'the inhibited warning is left out');

-- An outbox dead letter (no status, no fingerprint) is notified once and then leaves its group.
select ops.outbox_enqueue('alert', jsonb_build_object('alert_type', 'outbox_dead_letter', 'severity', 'warning',
  'labels', jsonb_build_object('topic', 'cache.invalidate'), 'message', 'dead', 'event_id', 987), 'outbox', '987', null, 'outbox-dead:987');
select pg_temp.ingest_all();
select ops.alert_fanout_flush();
select is((select count(*)::int from ops.alert_notifications where payload -> 'alerts' -> 0 ->> 'fingerprint' = 'outbox_dead_letter:event:987'), 1,
  'a dead letter is notified once');
select is((select count(*)::int from ops.alert_group_alerts where fingerprint = 'outbox_dead_letter:event:987'), 0,
  '... and is not kept for repeats or a resolve');

-- A malformed event is nacked, never applied.
select ops.outbox_enqueue('alert', '{"alert_type": "Bad Type"}');
select is((select refused from ops.alert_fanout_ingest('t', 100)), 1, 'malformed event refused');

select * from finish();
rollback;
