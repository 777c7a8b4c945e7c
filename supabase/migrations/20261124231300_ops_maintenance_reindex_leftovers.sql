-- Dropping what a failed REINDEX CONCURRENTLY leaves behind (issue 4 follow-up, docs/maintenance.md).
-- When REINDEX INDEX CONCURRENTLY fails (a cancel at action_timeout, a unique violation, an
-- expression that errors), Postgres leaves an invalid copy named <index>_ccnew (or <index>_ccold
-- after a failure in the swap). It is never used by queries but every write still maintains it,
-- and it holds its full size on disk. The executor now cleans it up:
--  * a new action kind, drop_invalid_index: DROP INDEX CONCURRENTLY IF EXISTS, top-level through
--    pg_cron like the others (it cannot run in a transaction block either);
--  * a failed reindex action queues the drop of its table's leftovers at once (trigger);
--  * ops.weekly_maintenance() and ops.drop_reindex_leftovers() find older ones, e.g. from a
--    REINDEX someone ran by hand.
-- Only invalid indexes named *_ccnew[N] / *_ccold[N] are touched, never while an index build is
-- in progress on the table (pg_stat_progress_create_index) or another action holds it: a build
-- in progress has an invalid index too. Excluded tables stay untouched.
set lock_timeout = '5s';
set statement_timeout = '60s';

alter table ops.maintenance_actions drop constraint maintenance_actions_kind_check;
alter table ops.maintenance_actions add constraint maintenance_actions_kind_check
  check (kind in ('vacuum_analyze', 'vacuum_freeze', 'analyze', 'reindex', 'drop_invalid_index')) not valid;
-- ops.maintenance_actions holds a few thousand history rows at most: validating them in this
-- transaction takes milliseconds.
-- squawk-ignore constraint-missing-not-valid
alter table ops.maintenance_actions validate constraint maintenance_actions_kind_check;

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
    when 'drop_invalid_index' then pg_catalog.format('DROP INDEX CONCURRENTLY IF EXISTS %I.%I', v_schema, v_index)
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

-- Invalid indexes a failed REINDEX CONCURRENTLY left behind, on covered tables, that no build or
-- maintenance action is working on right now. SECURITY DEFINER: other sessions' rows of
-- pg_stat_progress_create_index are visible to pg_read_all_stats (the owner) only.
create function ops.reindex_leftovers(p_table regclass default null)
returns table (table_oid oid, schema_name text, table_name text, index_oid oid, index_name text, index_bytes bigint)
language sql stable security definer set search_path = '' as $$
  select t.oid, n.nspname::text, t.relname::text, i.indexrelid, c.relname::text, pg_catalog.pg_relation_size(i.indexrelid)
  from pg_catalog.pg_index i
  join pg_catalog.pg_class c on c.oid = i.indexrelid
  join pg_catalog.pg_class t on t.oid = i.indrelid
  join pg_catalog.pg_namespace n on n.oid = t.relnamespace
  where not i.indisvalid
    and c.relname ~ '_cc(new|old)[0-9]*$'
    and (p_table is null or i.indrelid = p_table)
    and ops.maintenance_exclusion(t.oid) is null
    and not exists (select from pg_catalog.pg_stat_progress_create_index p where p.relid = t.oid)
    and not exists (select from ops.maintenance_actions a where a.table_oid = t.oid and a.status in ('dispatched', 'running'))
  order by n.nspname, t.relname, c.relname
$$;

-- Queue a drop for each leftover (of one table, or all). No dispatch: the callers dispatch (or
-- are the dispatcher).
create function ops.maintenance_enqueue_leftover_drops(p_table regclass default null, p_plan_id bigint default null)
returns table (index_name text, index_bytes bigint, action_id bigint)
language sql volatile set search_path = '' as $$
  select pg_catalog.format('%I.%I', l.schema_name, l.index_name), l.index_bytes,
    ops.maintenance_enqueue('drop_invalid_index', l.table_oid::regclass, l.index_oid::regclass,
      pg_catalog.format('invalid index left by a failed REINDEX CONCURRENTLY (%s bytes)', l.index_bytes),
      p_plan_id, false, ops.calling_role())
  from ops.reindex_leftovers(p_table) l
$$;

-- User-facing: report (and unless p_dry_run, queue the drop of) every leftover, then dispatch.
create function ops.drop_reindex_leftovers(p_table regclass default null, p_dry_run boolean default false)
returns table (index_name text, index_bytes bigint, decision text, action_id bigint)
language plpgsql volatile security definer set search_path = '' as $$
begin
  if p_table is not null then
    perform ops.maintenance_require(p_table, 'ops.drop_reindex_leftovers');
  end if;
  if p_dry_run then
    return query select pg_catalog.format('%I.%I', l.schema_name, l.index_name), l.index_bytes, 'drop due (dry run)'::text, null::bigint
      from ops.reindex_leftovers(p_table) l;
    return;
  end if;
  return query select d.index_name, d.index_bytes, 'drop queued'::text, d.action_id
    from ops.maintenance_enqueue_leftover_drops(p_table) d;
  perform ops.maintenance_dispatch();
end
$$;

-- A reindex action that failed: queue the drop of its table's leftovers right away. The
-- dispatcher records the failure in its first pass and dispatches queued work in its second,
-- so the drop goes out in the same dispatch.
create function ops.maintenance_reindex_failed()
returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform ops.maintenance_enqueue_leftover_drops(new.table_oid::regclass, new.plan_id);
  return null;
end
$$;
create trigger maintenance_actions_reindex_failed
  after update of status on ops.maintenance_actions
  for each row when (new.kind = 'reindex' and new.status = 'failed' and old.status is distinct from 'failed')
  execute function ops.maintenance_reindex_failed();

create or replace function ops.weekly_maintenance() returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  v_plan bigint;
begin
  v_plan := ops.maintenance_plan('weekly', true, null, true);
  perform ops.maintenance_enqueue_leftover_drops(null, v_plan);
  perform ops.maintenance_dispatch();
  return pg_catalog.jsonb_build_object('plan_id', v_plan, 'queued', coalesce((
    select pg_catalog.jsonb_object_agg(kind, n) from (
      select a.kind, count(*) as n from ops.maintenance_actions a where a.plan_id = v_plan group by a.kind) k), '{}'));
end
$$;

revoke execute on function
  ops.reindex_leftovers(regclass),
  ops.maintenance_enqueue_leftover_drops(regclass, bigint),
  ops.drop_reindex_leftovers(regclass, boolean),
  ops.maintenance_reindex_failed()
from public, anon, authenticated;
grant execute on function ops.drop_reindex_leftovers(regclass, boolean) to service_role;
