-- Rollback of 20261124230000_app2_workspaces.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set statement_timeout = '60s';
drop table if exists public.workspace_members;
drop table if exists public.workspaces;
drop function if exists ops.workspace_add_owner();
drop function if exists public.is_workspace_owner(uuid);
drop function if exists public.is_workspace_member(uuid);
