-- Rollback of 20261124230530_app2_training_logs. Drops the generation and export logs with
-- their data: export them first if they matter.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set statement_timeout = '60s';
drop table if exists public.export_logs;
select ops.partition_unregister(pg_catalog.to_regclass('public.generation_logs'))
where pg_catalog.to_regclass('public.generation_logs') is not null;
drop table if exists public.generation_logs;
drop function if exists ops.generation_logs_rollup_cost();
drop function if exists ops.generation_logs_refuse_api_change();
