-- Rollback of 20261124230610_app2_metrics. Drops the metrics with their data and unregisters the
-- table from the partition manager.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists public.get_metric_series(uuid, text, timestamptz, timestamptz, interval, jsonb);
drop function if exists ops.metrics_record(jsonb);
select ops.partition_unregister(pg_catalog.to_regclass('public.metrics'))
where pg_catalog.to_regclass('public.metrics') is not null;
drop table if exists public.metrics;
