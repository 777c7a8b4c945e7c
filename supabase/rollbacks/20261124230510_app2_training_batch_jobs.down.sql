-- Rollback of 20261124230510_app2_training_batch_jobs. Drops the batch jobs with their data.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set statement_timeout = '60s';
drop table if exists public.batch_jobs;
drop function if exists ops.batch_job_stamp();
