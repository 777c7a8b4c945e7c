-- Rollback of 20261124160500_app_agents. Roll back the later app_* migrations first.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set local statement_timeout = '60s';
drop table if exists public.agents;
