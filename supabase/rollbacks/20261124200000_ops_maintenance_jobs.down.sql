-- Rollback of 20261124200000_ops_maintenance_jobs. pg_cron jobs themselves stay; the schedules
-- migration's rollback removes the ones it created.
set lock_timeout = '5s';
drop view if exists ops.jobs;
drop function if exists ops.check_jobs();
drop function if exists ops.job_status();
drop function if exists ops.cron_timezone();
drop function if exists ops.cron_last_due(text, timestamptz, text);
drop function if exists ops.cron_field_values(text, integer, integer);
drop function if exists ops.unschedule_job(text);
drop function if exists ops.schedule_job(text, text, text, text, boolean, interval);
drop table if exists ops.job_definitions;
drop trigger if exists maintenance_settings_validate on ops.maintenance_settings;
drop function if exists ops.maintenance_settings_validate();
drop table if exists ops.maintenance_settings;
