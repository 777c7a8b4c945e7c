-- public.audit_logs (seed 003, issue 10): an append-only change log, partitioned by month on
-- occurred_at and handed to the partition manager (1 year retention). ops.audit_row() is a
-- generic AFTER ROW trigger recording old and new values as jsonb; it is attached to workspaces,
-- workspace_members and files here. Seed defect fixed: TimescaleDB is replaced by native
-- partitions plus retention.
--
-- Append-only, for every role including the table owner:
--  * statement-level BEFORE UPDATE/DELETE/TRUNCATE triggers on the parent refuse any such
--    statement through public.audit_logs;
--  * a row-level BEFORE UPDATE/DELETE trigger, cloned to every partition, refuses changes made
--    through a partition's own name. The one exception is DELETE on the default partition
--    (audit_logs_default), which only the owner can reach: ops.partition_repair_default moves
--    stray rows out of it into their month's partition in the same statement (DELETE … RETURNING
--    into INSERT), so no audit row is ever lost. Retention drops whole partitions (DDL).
set lock_timeout = '5s';
set statement_timeout = '60s';

create table public.audit_logs (
  id uuid not null default gen_random_uuid(),
  occurred_at timestamptz not null default clock_timestamp(),
  -- No foreign keys: the history outlives the workspace, the row and the user.
  workspace_id uuid,
  table_schema text not null,
  table_name text not null,
  operation text not null check (operation in ('INSERT', 'UPDATE', 'DELETE')),
  record_id text,
  old_data jsonb,
  new_data jsonb,
  changed_fields text[],
  actor_id uuid default auth.uid(),
  actor_role text not null default current_user,
  txid bigint not null default txid_current(),
  primary key (occurred_at, id)
) partition by range (occurred_at);
comment on table public.audit_logs is 'Append-only audit trail (seed 003): old/new values per row change; monthly partitions, 1 year retention (ops.partition_register). Workspace members read their workspace''s rows.';
create index idx_audit_logs_workspace on public.audit_logs (workspace_id, occurred_at desc);
create index idx_audit_logs_record on public.audit_logs (table_name, record_id, occurred_at desc);

alter table public.audit_logs enable row level security;
revoke all on table public.audit_logs from public, anon, authenticated, service_role;
grant select on table public.audit_logs to authenticated, service_role;

create policy audit_logs_select_member on public.audit_logs
  for select to authenticated using (workspace_id in (
    select m.workspace_id from public.workspace_members m where m.user_id = (select auth.uid())));

create function ops.audit_logs_refuse_statement()
returns trigger
language plpgsql set search_path = '' as $$
begin
  raise exception 'public.audit_logs is append-only: % is not allowed', tg_op
    using errcode = 'insufficient_privilege';
end
$$;
revoke execute on function ops.audit_logs_refuse_statement() from public, anon, authenticated;
grant execute on function ops.audit_logs_refuse_statement() to service_role;

create function ops.audit_logs_refuse_row()
returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'DELETE' and tg_table_name = 'audit_logs_default' then
    return old;  -- the partition manager moving a row out of the default partition
  end if;
  raise exception 'public.audit_logs is append-only: % on % is not allowed', tg_op, tg_table_name
    using errcode = 'insufficient_privilege';
end
$$;
revoke execute on function ops.audit_logs_refuse_row() from public, anon, authenticated;
grant execute on function ops.audit_logs_refuse_row() to service_role;

create trigger audit_logs_append_only_statement
  before update or delete or truncate on public.audit_logs
  for each statement execute function ops.audit_logs_refuse_statement();
create trigger audit_logs_append_only_row
  before update or delete on public.audit_logs
  for each row execute function ops.audit_logs_refuse_row();

-- Generic row audit. Arguments: [0] the column holding the workspace id ('id' for workspaces),
-- [1] the column identifying the row, [2…] columns left out of old/new (large or derived).
-- SECURITY DEFINER: API roles cannot insert into audit_logs themselves.
create function ops.audit_row()
returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_old jsonb;
  v_new jsonb;
  v_skip text[] := coalesce(tg_argv[2:], '{}');
  v_row jsonb;
begin
  if tg_op in ('UPDATE', 'DELETE') then
    v_old := pg_catalog.to_jsonb(old) operator(pg_catalog.-) v_skip;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    v_new := pg_catalog.to_jsonb(new) operator(pg_catalog.-) v_skip;
  end if;
  v_row := coalesce(v_new, v_old);
  insert into public.audit_logs (workspace_id, table_schema, table_name, operation, record_id, old_data, new_data, changed_fields)
  values (
    (v_row operator(pg_catalog.->>) tg_argv[0])::uuid,
    tg_table_schema, tg_table_name, tg_op,
    v_row operator(pg_catalog.->>) tg_argv[1],
    v_old, v_new,
    case when tg_op = 'UPDATE' then (
      select pg_catalog.array_agg(n.key order by n.key)
      from pg_catalog.jsonb_each(v_new) n
      where n.value is distinct from (v_old operator(pg_catalog.->) n.key)) end);
  return null;
end
$$;
revoke execute on function ops.audit_row() from public, anon, authenticated;
grant execute on function ops.audit_row() to service_role;

create trigger workspaces_audit
  after insert or update or delete on public.workspaces
  for each row execute function ops.audit_row('id', 'id');
create trigger workspace_members_audit
  after insert or update or delete on public.workspace_members
  for each row execute function ops.audit_row('workspace_id', 'user_id');
create trigger files_audit
  after insert or update or delete on public.files
  for each row execute function ops.audit_row('workspace_id', 'id', 'content', 'content_tsv');

select ops.partition_register('public.audit_logs', p_period => 'month', p_premake => 3, p_retention => interval '1 year');
