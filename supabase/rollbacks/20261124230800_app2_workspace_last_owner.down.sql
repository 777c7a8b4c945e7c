-- Rollback of 20261124230800_app2_workspace_last_owner. Drops the last-owner guard, the owner_id
-- check and the user-deletion trigger. The data repair the migration made (ownerless workspaces
-- given their owner_id back as owner, owner_id moved to an owner) is kept: it is valid either way.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop trigger if exists user_profiles_release_workspaces on public.user_profiles;
drop trigger if exists workspaces_check_owner_id on public.workspaces;
drop trigger if exists workspace_members_keep_owner_on_truncate on public.workspace_members;
drop trigger if exists workspace_members_keep_owner_on_update on public.workspace_members;
drop trigger if exists workspace_members_keep_owner_on_delete on public.workspace_members;
drop function if exists ops.user_profiles_release_workspaces();
drop function if exists ops.workspaces_check_owner_id();
drop function if exists ops.workspace_members_refuse_truncate();
drop function if exists ops.workspace_members_keep_owner();
drop function if exists ops.workspace_fix_owner_id(uuid);
drop function if exists ops.workspace_has_other_owner(uuid, uuid);
