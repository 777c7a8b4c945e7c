-- workspace_members' select policy checks the caller's own rows first (issue 10 follow-up).
-- Every member-read policy (files, file_versions, agent_tasks, audit_logs, metrics, the training
-- tables) filters on "workspace_id in (select workspace_id from workspace_members where user_id =
-- auth.uid())", and that subquery is itself under workspace_members' RLS: the old policy called
-- public.is_workspace_member(workspace_id) once per membership row, on every read (164 calls for
-- a user in 164 workspaces). A row with user_id = auth.uid() is trivially the caller's own
-- membership, and OR stops at its first true operand, so those rows now cost no function call.
-- Who sees what is unchanged.
set lock_timeout = '5s';
set statement_timeout = '60s';

drop policy workspace_members_select_member on public.workspace_members;
create policy workspace_members_select_member on public.workspace_members
  for select to authenticated using (user_id = (select auth.uid()) or public.is_workspace_member(workspace_id));
