-- Rollback of 20261124210100_ops_alert_fanout_groups. Undelivered 'alert' events stay in
-- ops.outbox; the notification log and alert state are lost.
set lock_timeout = '5s';
set statement_timeout = '60s';
select cron.unschedule(jobid) from cron.job where jobname in ('opsbase-alert-fanout-tick', 'opsbase-alert-fanout-purge');
delete from ops.outbox_subscriptions where topic = 'alert' and function_name = 'alert-fanout';
drop function if exists ops.alert_fanout_purge(interval);
drop function if exists ops.alert_fanout_wake();
drop function if exists ops.alert_fanout_next_due(boolean);
drop function if exists ops.alert_notification_record(bigint, text, text, integer, text, interval, numeric);
drop function if exists ops.alert_notifications_claim(text, integer, interval);
drop function if exists ops.alert_fanout_flush(integer);
drop function if exists ops.alert_fanout_ingest(text, integer);
drop function if exists ops.alert_ingest_event(bigint, jsonb);
drop function if exists ops.alert_inhibited(text, jsonb);
drop table if exists ops.alert_delivery_attempts;
drop table if exists ops.alert_notifications;
drop table if exists ops.alert_group_alerts;
drop table if exists ops.alert_groups;
drop table if exists ops.alert_states;
