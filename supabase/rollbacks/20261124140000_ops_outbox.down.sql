-- Rollback of 20261124140000_ops_outbox. Undelivered events are lost with the table: drain or
-- export ops.outbox first (select * from ops.outbox where status <> 'done').
set lock_timeout = '5s';
select cron.unschedule(jobid) from cron.job where jobname = 'opsbase-outbox-purge';
drop view if exists ops.outbox_stats;
drop function if exists ops.outbox_purge(interval, integer);
drop function if exists ops.outbox_redrive(text, bigint[]);
drop function if exists ops.outbox_nack(bigint, text, text, interval);
drop function if exists ops.outbox_ack(bigint[], text);
drop function if exists ops.outbox_claim(text, text, integer, interval);
drop function if exists ops.outbox_enqueue(text, jsonb, text, text, text, text, integer);
drop table if exists ops.outbox;
