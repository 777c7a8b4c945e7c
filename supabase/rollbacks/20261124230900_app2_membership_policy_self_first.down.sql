-- Rollback of 20261124230900_app2_membership_policy_self_first: the original select policy.
set lock_timeout = '5s';

drop policy workspace_members_select_member on public.workspace_members;
create policy workspace_members_select_member on public.workspace_members
  for select to authenticated using (public.is_workspace_member(workspace_id));
