-- Rollback of 20261124190200_cache_delivery. Events stay in ops.outbox; without the wake-ups
-- they wait for a manual drain (POST {"action":"drain"} to the function).
set lock_timeout = '5s';
select cron.unschedule(jobid) from cron.job where jobname = 'opsbase-outbox-wake';
drop trigger if exists outbox_wake_subscribers on ops.outbox;
drop function if exists ops.outbox_wake_due();
drop function if exists ops.outbox_wake_subscribers();
drop function if exists ops.functions_post(text, jsonb, integer);
drop function if exists ops.functions_endpoint();
drop table if exists ops.outbox_subscriptions;
drop table if exists ops.settings;
