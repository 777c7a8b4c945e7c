-- Rollback of 20261124231300_ops_maintenance_reindex_leftovers. Finished drop actions are history
-- of a kind the old check does not allow: they go; queued ones are cancelled with them.
set lock_timeout = '5s';

drop trigger if exists maintenance_actions_reindex_failed on ops.maintenance_actions;
drop function if exists ops.maintenance_reindex_failed();
create or replace function ops.weekly_maintenance() returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  v_plan bigint;
begin
  v_plan := ops.maintenance_plan('weekly', true, null, true);
  perform ops.maintenance_dispatch();
  return pg_catalog.jsonb_build_object('plan_id', v_plan, 'queued', coalesce((
    select pg_catalog.jsonb_object_agg(kind, n) from (
      select a.kind, count(*) as n from ops.maintenance_actions a where a.plan_id = v_plan group by a.kind) k), '{}'));
end
$$;

drop function if exists ops.drop_reindex_leftovers(regclass, boolean);
drop function if exists ops.maintenance_enqueue_leftover_drops(regclass, bigint);
drop function if exists ops.reindex_leftovers(regclass);
create or replace function ops.maintenance_enqueue(
  p_kind text,
  p_table regclass,
  p_index regclass,
  p_reason text,
  p_plan_id bigint,
  p_respect_window boolean,
  p_requested_by text
) returns bigint
language plpgsql volatile set search_path = '' as $$
declare
  v_schema text;
  v_table text;
  v_index text;
  v_command text;
  v_id bigint;
begin
  select n.nspname, c.relname into v_schema, v_table
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.oid = p_table;
  select c.relname into v_index from pg_catalog.pg_class c where c.oid = p_index;
  -- The statement pg_cron runs: identifiers through %I only. SKIP_LOCKED makes VACUUM and
  -- ANALYZE skip a table another session holds a conflicting lock on instead of queueing.
  v_command := case p_kind
    when 'vacuum_analyze' then pg_catalog.format('VACUUM (ANALYZE, SKIP_LOCKED) %I.%I', v_schema, v_table)
    when 'vacuum_freeze' then pg_catalog.format('VACUUM (FREEZE, ANALYZE, SKIP_LOCKED) %I.%I', v_schema, v_table)
    when 'analyze' then pg_catalog.format('ANALYZE (SKIP_LOCKED) %I.%I', v_schema, v_table)
    when 'reindex' then pg_catalog.format('REINDEX INDEX CONCURRENTLY %I.%I', v_schema, v_index)
  end;
  if v_command is null then
    raise exception 'ops.maintenance_enqueue: unknown action kind % (or missing index)', p_kind using errcode = 'invalid_parameter_value';
  end if;
  insert into ops.maintenance_actions
    (plan_id, table_oid, schema_name, table_name, index_name, kind, command, reason, requested_by, respect_window)
  values (p_plan_id, p_table, v_schema, v_table, v_index, p_kind, v_command, p_reason, p_requested_by, p_respect_window)
  on conflict (table_oid, kind, coalesce(index_name, '')) where status = 'queued' do nothing
  returning id into v_id;
  if v_id is null then
    -- Already queued: an explicit request lifts the window restriction of a planned one.
    update ops.maintenance_actions a
    set respect_window = a.respect_window and p_respect_window
    where a.table_oid = p_table and a.kind = p_kind and coalesce(a.index_name, '') = coalesce(v_index, '') and a.status = 'queued'
    returning a.id into v_id;
  end if;
  return v_id;
end
$$;

select cron.unschedule(a.cron_job_id) from ops.maintenance_actions a join cron.job j on j.jobid = a.cron_job_id
where a.kind = 'drop_invalid_index';
delete from ops.maintenance_actions where kind = 'drop_invalid_index';
alter table ops.maintenance_actions drop constraint maintenance_actions_kind_check;
alter table ops.maintenance_actions add constraint maintenance_actions_kind_check
  check (kind in ('vacuum_analyze', 'vacuum_freeze', 'analyze', 'reindex')) not valid;
alter table ops.maintenance_actions validate constraint maintenance_actions_kind_check;
