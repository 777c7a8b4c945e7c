-- Rollback of 20261124230200_app2_audit_logs. Drops the audit trail with its data: export it
-- first if it matters.
-- Squawk: a rollback exists to drop what its migration created.
-- squawk-ignore-file ban-drop-table
set lock_timeout = '5s';
set statement_timeout = '60s';
drop trigger if exists files_audit on public.files;
drop trigger if exists workspace_members_audit on public.workspace_members;
drop trigger if exists workspaces_audit on public.workspaces;
select ops.partition_unregister(pg_catalog.to_regclass('public.audit_logs'))
where pg_catalog.to_regclass('public.audit_logs') is not null;
drop table if exists public.audit_logs;
drop function if exists ops.audit_row();
drop function if exists ops.audit_logs_refuse_row();
drop function if exists ops.audit_logs_refuse_statement();
