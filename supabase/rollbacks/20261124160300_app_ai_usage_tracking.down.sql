-- Rollback of 20261124160300_app_ai_usage_tracking. Roll back 20261124160400_app_usage_views first.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set local statement_timeout = '60s';
drop table if exists public.ai_usage_tracking;
