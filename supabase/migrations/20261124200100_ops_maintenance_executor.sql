-- Maintenance planner and executor (seed 002 step 4, done so that it acts).
-- VACUUM and REINDEX CONCURRENTLY cannot run inside a function or a transaction block, so the
-- seed's plpgsql VACUUM always failed. Here functions only plan: each action becomes a row in
-- ops.maintenance_actions, and ops.maintenance_dispatch() hands it to pg_cron as a one-shot job
-- whose whole command is that one statement, due at the next minute. pg_cron runs it top-level
-- in a background worker; the next dispatch reads the outcome from cron.job_run_details
-- (start, end, status, message), compares the table's statistics before and after, removes the
-- job and records the result. See docs/maintenance.md.
set lock_timeout = '5s';
set statement_timeout = '60s';

-- Which tables maintenance covers. Everything the executor's role may maintain is covered unless
-- a rule excludes it; the most specific rule wins (a table, then its partition root, then its schema).
create table ops.maintenance_rules (
  id bigint generated always as identity primary key,
  schema_name text not null,
  -- Null: the rule covers the whole schema.
  table_name text,
  included boolean not null,
  -- Per-table override of maintenance_settings.reindex_bloat_threshold.
  reindex_bloat_threshold numeric check (reindex_bloat_threshold > 0 and reindex_bloat_threshold < 100),
  note text,
  unique nulls not distinct (schema_name, table_name)
);
comment on table ops.maintenance_rules is 'Include/exclude rules for maintenance; most specific wins. See docs/maintenance.md.';
alter table ops.maintenance_rules enable row level security;
revoke all on ops.maintenance_rules from public, anon, authenticated;
grant select, insert, update, delete on ops.maintenance_rules to service_role;

-- Schemas Supabase (or an extension) owns: their tables are not ours to vacuum or reindex.
insert into ops.maintenance_rules (schema_name, included, note)
select s, false, 'platform or extension schema'
from unnest(array['auth', 'storage', 'realtime', '_realtime', 'supabase_functions', 'supabase_migrations',
  'vault', 'pgsodium', 'pgsodium_masks', 'graphql', 'graphql_public', 'net', 'pgbouncer', 'extensions',
  'cron', 'partman', '_analytics']) s;

create table ops.maintenance_plans (
  id bigint generated always as identity primary key,
  trigger text not null,
  requested_by text not null,
  created_at timestamptz not null default now(),
  -- squawk-ignore prefer-bigint-over-int
  tables_considered integer not null default 0,
  -- squawk-ignore prefer-bigint-over-int
  indexes_measured integer not null default 0,
  bytes_measured bigint not null default 0,
  -- squawk-ignore prefer-bigint-over-int
  actions_planned integer not null default 0,
  -- Index measurements the reindex decisions were made from (pgstatindex).
  measurements jsonb not null default '[]'
);
comment on table ops.maintenance_plans is 'One row per planner run; its actions are in ops.maintenance_actions.';

create table ops.maintenance_actions (
  id bigint generated always as identity primary key,
  plan_id bigint references ops.maintenance_plans (id) on delete cascade,
  table_oid oid not null,
  schema_name text not null,
  table_name text not null,
  -- REINDEX CONCURRENTLY gives the index a new oid; the name is what stays.
  index_name text,
  kind text not null check (kind in ('vacuum_analyze', 'vacuum_freeze', 'analyze', 'reindex')),
  command text not null,
  reason text not null,
  requested_by text not null,
  -- Planned work waits for the maintenance window; explicit requests do not.
  respect_window boolean not null default true,
  status text not null default 'queued'
    check (status in ('queued', 'dispatched', 'running', 'succeeded', 'skipped', 'failed', 'cancelled')),
  cron_job_id bigint,
  cron_run_id bigint,
  -- The minute pg_cron was asked to run the statement.
  due_at timestamptz,
  -- squawk-ignore prefer-bigint-over-int
  attempts integer not null default 0,
  -- squawk-ignore prefer-bigint-over-int
  lock_skips integer not null default 0,
  created_at timestamptz not null default now(),
  dispatched_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  duration interval generated always as (finished_at - started_at) stored,
  error text,
  stats_before jsonb,
  stats_after jsonb
);
comment on table ops.maintenance_actions is 'Each maintenance statement: what, why, and its outcome (start, end, duration, error, statistics before and after).';
-- One statement at a time per table.
create unique index maintenance_actions_one_inflight_idx on ops.maintenance_actions (table_oid)
  where status in ('dispatched', 'running');
-- The same work is queued once.
create unique index maintenance_actions_queued_once_idx on ops.maintenance_actions (table_oid, kind, coalesce(index_name, ''))
  where status = 'queued';
create index maintenance_actions_open_idx on ops.maintenance_actions (status, id)
  where status in ('queued', 'dispatched', 'running');
create index maintenance_actions_plan_idx on ops.maintenance_actions (plan_id);
create index maintenance_actions_finished_idx on ops.maintenance_actions (finished_at);

alter table ops.maintenance_plans enable row level security;
alter table ops.maintenance_actions enable row level security;
revoke all on ops.maintenance_plans, ops.maintenance_actions from public, anon, authenticated;
grant select on ops.maintenance_plans, ops.maintenance_actions to service_role;

-- A storage parameter from pg_class.reloptions ('fillfactor', 'autovacuum_vacuum_threshold', ...).
create function ops.reloption(p_options text[], p_name text) returns text
language sql immutable set search_path = '' as $$
  select pg_catalog.substr(o, pg_catalog.length(p_name) + 2)
  from pg_catalog.unnest(p_options) o
  where o like p_name || '=%'
  limit 1
$$;

-- The role that calls this function, seen from inside a SECURITY DEFINER function.
create function ops.calling_role() returns text
language sql stable set search_path = '' as $$
  select coalesce(nullif(pg_catalog.current_setting('role', true), 'none'), session_user::text)
$$;

-- Why a relation is outside maintenance, or null when it is covered. Evaluated as the function
-- owner (the role pg_cron runs the statements as), so ownership is checked for that role.
create function ops.maintenance_exclusion(p_oid oid) returns text
language sql stable set search_path = '' as $$
  select case
    when c.oid is null then 'does not exist'
    when c.relkind not in ('r', 'm', 'p') then pg_catalog.format('is not a table (%s)', case c.relkind
      when 'i' then 'an index' when 'I' then 'a partitioned index' when 'v' then 'a view'
      when 'S' then 'a sequence' when 'f' then 'a foreign table' when 't' then 'a TOAST table'
      when 'c' then 'a composite type' else pg_catalog.format('relkind %s', c.relkind) end)
    when n.nspname in ('pg_catalog', 'information_schema') or n.nspname like 'pg\_toast%'
      then 'is a system catalog'
    when c.relpersistence = 't' then 'is a temporary table, visible to its own session only'
    when not pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')
      then pg_catalog.format('is owned by %s, and the maintenance role %s may not maintain it',
        pg_catalog.pg_get_userbyid(c.relowner), current_user)
    when not coalesce((
      select r.included from ops.maintenance_rules r
      left join pg_catalog.pg_class root on root.oid = pg_catalog.pg_partition_root(c.oid)
      left join pg_catalog.pg_namespace rn on rn.oid = root.relnamespace
      where (r.schema_name = n.nspname and (r.table_name = c.relname or r.table_name is null))
         or (r.schema_name = rn.nspname and r.table_name = root.relname)
      order by (r.table_name = c.relname and r.schema_name = n.nspname) desc nulls last, r.table_name is null
      limit 1), true)
      then 'is excluded by ops.maintenance_rules'
  end
  from (select p_oid as oid) x
  left join pg_catalog.pg_class c on c.oid = x.oid
  left join pg_catalog.pg_namespace n on n.oid = c.relnamespace
$$;

-- Resolve a user-supplied table name without ever interpolating it into SQL.
create function ops.maintenance_resolve(p_name text, p_caller text) returns regclass
language plpgsql stable set search_path = '' as $$
declare
  v_rel regclass;
begin
  if p_name is null then
    raise exception '%: table must not be null', p_caller using errcode = 'null_value_not_allowed';
  end if;
  begin
    v_rel := pg_catalog.to_regclass(p_name);
  exception when invalid_name or syntax_error then
    raise exception '%: % is not a table name', p_caller, pg_catalog.quote_literal(p_name)
      using errcode = 'invalid_name', hint = 'Pass table or schema.table; double-quote names with capitals or symbols.';
  end;
  if v_rel is null then
    raise exception '%: table % does not exist', p_caller, pg_catalog.quote_literal(p_name)
      using errcode = 'undefined_table';
  end if;
  return v_rel;
end
$$;

-- Raise a clear error unless maintenance covers the relation.
create function ops.maintenance_require(p_rel regclass, p_caller text) returns void
language plpgsql stable set search_path = '' as $$
declare
  v_why text;
begin
  if p_rel is null then
    raise exception '%: table must not be null', p_caller using errcode = 'null_value_not_allowed';
  end if;
  v_why := ops.maintenance_exclusion(p_rel);
  if v_why = 'does not exist' then
    raise exception '%: relation with oid % does not exist', p_caller, p_rel::oid using errcode = 'undefined_table';
  elsif v_why like 'is not a table%' then
    raise exception '%: % %', p_caller, p_rel, v_why using errcode = 'wrong_object_type';
  elsif v_why is not null then
    raise exception '%: % %', p_caller, p_rel, v_why using errcode = 'insufficient_privilege';
  end if;
end
$$;

-- Waste in a btree index from pgstatindex: leaf space below the fillfactor, plus empty and
-- deleted pages. Exact (it reads every page), unlike the statistical estimates that miss bloat
-- after bulk deletes (design.md).
create function ops.index_bloat(p_index regclass)
returns table (index_bytes bigint, leaf_pages bigint, avg_leaf_density double precision, wasted_bytes bigint, bloat_pct numeric)
language plpgsql volatile set search_path = '' as $$
declare
  v record;
  v_ff double precision;
  v_bs bigint := pg_catalog.current_setting('block_size')::bigint;
begin
  select * into v from extensions.pgstatindex(p_index);
  select coalesce(ops.reloption(c.reloptions, 'fillfactor')::double precision, 90)
  into v_ff from pg_catalog.pg_class c where c.oid = p_index;
  index_bytes := v.index_size;
  leaf_pages := v.leaf_pages;
  avg_leaf_density := case when v.avg_leaf_density = 'NaN'::double precision then null else v.avg_leaf_density end;
  wasted_bytes := (coalesce(v.leaf_pages * v_bs * greatest(0, 1 - avg_leaf_density / v_ff), 0)
    + (v.empty_pages + v.deleted_pages) * v_bs)::bigint;
  bloat_pct := case when v.index_size > 0 then round(100.0 * wasted_bytes / v.index_size, 1) else 0 end;
  return next;
end
$$;

-- Counters the executor compares before and after a statement.
create function ops.maintenance_stats(p_table oid, p_schema text, p_index_name text) returns jsonb
language sql stable set search_path = '' as $$
  select pg_catalog.jsonb_build_object(
    'n_live_tup', s.n_live_tup, 'n_dead_tup', s.n_dead_tup,
    'vacuum_count', s.vacuum_count, 'analyze_count', s.analyze_count,
    'last_vacuum', s.last_vacuum, 'last_analyze', s.last_analyze,
    'table_bytes', pg_catalog.pg_total_relation_size(p_table),
    'index_bytes', case when p_index_name is not null
      then pg_catalog.pg_relation_size(pg_catalog.to_regclass(pg_catalog.format('%I.%I', p_schema, p_index_name))) end)
  from (select p_table as oid) x
  left join pg_catalog.pg_stat_all_tables s on s.relid = x.oid
$$;

create function ops.maintenance_enqueue(
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

create function ops.maintenance_window_open(p_at timestamptz default now()) returns boolean
language sql stable set search_path = '' as $$
  select case
    when s.window_start is null or s.window_start = s.window_end then true
    when s.window_start < s.window_end
      then (p_at at time zone s.window_timezone)::time >= s.window_start and (p_at at time zone s.window_timezone)::time < s.window_end
    else (p_at at time zone s.window_timezone)::time >= s.window_start or (p_at at time zone s.window_timezone)::time < s.window_end
  end
  from ops.maintenance_settings s
$$;

-- Whether the maintenance statement could take its lock right now. The probe lock is taken in a
-- subtransaction that is always rolled back, which releases it.
create function ops.maintenance_lock_available(p_table oid) returns boolean
language plpgsql volatile set search_path = '' as $$
declare
  v_schema text;
  v_table text;
  v_kind "char";
begin
  select n.nspname, c.relname, c.relkind into v_schema, v_table, v_kind
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.oid = p_table;
  if v_kind not in ('r', 'p') then
    return true; -- LOCK TABLE refuses materialized views; VACUUM (SKIP_LOCKED) still guards them.
  end if;
  begin
    execute pg_catalog.format('LOCK TABLE %I.%I IN SHARE UPDATE EXCLUSIVE MODE NOWAIT', v_schema, v_table);
    raise exception using errcode = 'OPS01';
  exception
    when lock_not_available then return false;
    when sqlstate 'OPS01' then return true;
  end;
end
$$;

-- A cron expression that fires once: at p_at's minute, on its day of its month. The dispatcher
-- removes the job after that run, long before the date comes round again.
create function ops.cron_one_shot(p_at timestamptz) returns text
language sql stable set search_path = '' as $$
  select pg_catalog.to_char(p_at at time zone ops.cron_timezone(), 'FMMI FMHH24 FMDD FMMM') || ' *'
$$;

-- Record finished statements, then hand queued ones to pg_cron. Runs every minute
-- (ops:maintenance-dispatch) and right after an explicit request. Returns counts.
create function ops.maintenance_dispatch() returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  s ops.maintenance_settings;
  a ops.maintenance_actions;
  r record;
  v_window boolean;
  v_inflight integer;
  v_due timestamptz;
  v_jobid bigint;
  v_after jsonb;
  v_status text;
  v_error text;
  v_finished integer := 0;
  v_dispatched integer := 0;
  v_locked integer := 0;
  v_cancelled integer := 0;
begin
  -- One dispatcher at a time. A dispatch takes milliseconds, so wait up to 2 s for a running one,
  -- then leave the work to it; never queue indefinitely behind a transaction holding the lock.
  for i in 1..40 loop
    exit when pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtextextended('ops.maintenance_dispatch', 0));
    if i = 40 then
      return pg_catalog.jsonb_build_object('skipped', 'another dispatch is running');
    end if;
    perform pg_catalog.pg_sleep(0.05);
  end loop;
  select * into s from ops.maintenance_settings;

  -- 1. Outcomes of dispatched statements.
  for a in select * from ops.maintenance_actions where status in ('dispatched', 'running') order by id loop
    select d.runid, d.status, d.start_time, d.end_time, d.return_message, d.job_pid into r
    from cron.job_run_details d where d.jobid = a.cron_job_id order by d.runid limit 1;
    if not found then
      if not exists (select from cron.job j where j.jobid = a.cron_job_id) then
        update ops.maintenance_actions set status = 'failed', finished_at = now(),
          error = 'its pg_cron job was removed before it ran' where id = a.id;
      elsif now() > a.due_at + interval '2 minutes' then
        perform cron.unschedule(a.cron_job_id);
        update ops.maintenance_actions set
          status = case when a.attempts < 3 then 'queued' else 'failed' end,
          finished_at = case when a.attempts < 3 then null else now() end,
          cron_job_id = null,
          error = pg_catalog.format('pg_cron did not start the job due at %s%s', a.due_at,
            case when a.attempts < 3 then '; retrying' else '; is pg_cron running for this database (cron.database_name)?' end)
        where id = a.id;
      end if;
      continue;
    end if;
    if r.status in ('starting', 'running', 'sending', 'connecting') then
      update ops.maintenance_actions set status = 'running', started_at = r.start_time, cron_run_id = r.runid
      where id = a.id;
      if r.start_time < now() - s.action_timeout and r.job_pid is not null and a.error is null then
        perform pg_catalog.pg_cancel_backend(r.job_pid);
        update ops.maintenance_actions set error = pg_catalog.format('cancelled after running longer than action_timeout (%s)', s.action_timeout)
        where id = a.id;
      end if;
      continue;
    end if;
    -- Finished: the job has done its one run.
    perform cron.unschedule(a.cron_job_id);
    v_after := ops.maintenance_stats(a.table_oid, a.schema_name, a.index_name);
    v_error := null;
    if r.status = 'succeeded' then
      v_status := 'succeeded';
      -- SKIP_LOCKED reports success when it skipped; the counters tell.
      if a.kind in ('vacuum_analyze', 'vacuum_freeze')
         and (v_after ->> 'vacuum_count')::bigint <= (a.stats_before ->> 'vacuum_count')::bigint then
        v_status := 'skipped';
        v_error := 'VACUUM (SKIP_LOCKED) skipped the table: another session held a conflicting lock';
      elsif a.kind = 'analyze'
         and (v_after ->> 'analyze_count')::bigint <= (a.stats_before ->> 'analyze_count')::bigint then
        v_status := 'skipped';
        v_error := 'ANALYZE (SKIP_LOCKED) skipped the table: another session held a conflicting lock';
      end if;
    else
      v_status := 'failed';
      v_error := pg_catalog.concat_ws('; ', a.error, r.return_message);
    end if;
    update ops.maintenance_actions set status = v_status, cron_run_id = r.runid, started_at = r.start_time,
      finished_at = coalesce(r.end_time, now()), error = coalesce(v_error, error), stats_after = v_after
    where id = a.id;
    v_finished := v_finished + 1;
    if v_status = 'failed' then
      perform ops.outbox_enqueue('alert', pg_catalog.jsonb_build_object(
          'alert_type', 'maintenance_action_failed', 'severity', 'warning',
          'labels', pg_catalog.jsonb_build_object('table', pg_catalog.format('%I.%I', a.schema_name, a.table_name), 'kind', a.kind),
          'message', pg_catalog.format('%s failed: %s', a.command, v_error),
          'action_id', a.id),
        'maintenance_action', a.id::text, pg_catalog.format('maintenance:%I.%I', a.schema_name, a.table_name),
        pg_catalog.format('maintenance-action-failed:%s', a.id));
    end if;
  end loop;

  -- 2. Dispatch queued statements.
  if not s.enabled then
    return pg_catalog.jsonb_build_object('finished', v_finished, 'dispatched', 0, 'disabled', true);
  end if;
  v_window := ops.maintenance_window_open(now());
  select count(*) into v_inflight from ops.maintenance_actions where status in ('dispatched', 'running');
  for a in select * from ops.maintenance_actions where status = 'queued' order by respect_window, id loop
    exit when v_inflight >= s.max_parallel_actions;
    continue when a.respect_window and not v_window;
    continue when exists (select from ops.maintenance_actions b
      where b.table_oid = a.table_oid and b.status in ('dispatched', 'running'));
    -- The table (or index) may have been dropped or renamed since it was planned.
    if not exists (select from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                   where c.oid = a.table_oid and n.nspname = a.schema_name and c.relname = a.table_name)
       or (a.index_name is not null and pg_catalog.to_regclass(pg_catalog.format('%I.%I', a.schema_name, a.index_name)) is null) then
      update ops.maintenance_actions set status = 'cancelled', finished_at = now(),
        error = 'the table or index was dropped or renamed after it was planned' where id = a.id;
      v_cancelled := v_cancelled + 1;
      continue;
    end if;
    if not ops.maintenance_lock_available(a.table_oid) then
      update ops.maintenance_actions set lock_skips = lock_skips + 1,
        status = case when lock_skips + 1 >= 10 then 'skipped' else status end,
        finished_at = case when lock_skips + 1 >= 10 then now() end,
        error = pg_catalog.format('table locked by another session at %s (skip %s of 10)', now(), lock_skips + 1)
      where id = a.id;
      v_locked := v_locked + 1;
      continue;
    end if;
    -- The next minute boundary, unless it is too close for this transaction to commit first.
    v_due := pg_catalog.date_trunc('minute', now()) + interval '1 minute';
    if v_due - pg_catalog.clock_timestamp() < interval '5 seconds' then
      v_due := v_due + interval '1 minute';
    end if;
    v_jobid := cron.schedule(pg_catalog.format('ops:maint-action:%s', a.id), ops.cron_one_shot(v_due), a.command);
    update ops.maintenance_actions set status = 'dispatched', cron_job_id = v_jobid, due_at = v_due,
      dispatched_at = now(), attempts = attempts + 1,
      stats_before = ops.maintenance_stats(a.table_oid, a.schema_name, a.index_name)
    where id = a.id;
    v_inflight := v_inflight + 1;
    v_dispatched := v_dispatched + 1;
  end loop;
  return pg_catalog.jsonb_build_object('finished', v_finished, 'dispatched', v_dispatched,
    'locked', v_locked, 'cancelled', v_cancelled, 'window_open', v_window);
end
$$;

-- Why a partitioned table needs ANALYZE, or null. Autovacuum never analyzes a partitioned
-- parent, so its statistics (used for joins and estimates across partitions) go stale as the
-- partitions change. Stale: never analyzed while its partitions hold rows, or a partition was
-- auto-analyzed since (a manual ANALYZE of the parent also analyzes the partitions, but sets
-- last_analyze, not last_autoanalyze). At most hourly: ANALYZE of a parent samples every partition.
create function ops.parent_analyze_reason(p_parent oid) returns text
language sql stable set search_path = '' as $$
  select case
    when ps.last_analyze > now() - interval '1 hour' then null
    when ps.last_analyze is null and sum(c.reltuples) filter (where c.reltuples > 0) > 0
      then 'partitioned table never analyzed; its partitions hold rows'
    when max(cs.last_autoanalyze) > coalesce(ps.last_analyze, '-infinity')
      then pg_catalog.format('a partition was auto-analyzed at %s, after the parent (%s)', max(cs.last_autoanalyze), coalesce(ps.last_analyze::text, 'never'))
  end
  from pg_catalog.pg_inherits i
  join pg_catalog.pg_class c on c.oid = i.inhrelid
  left join pg_catalog.pg_stat_all_tables cs on cs.relid = i.inhrelid
  left join pg_catalog.pg_stat_all_tables ps on ps.relid = i.inhparent
  where i.inhparent = p_parent
  group by ps.last_analyze
$$;

-- What each covered table needs, by the thresholds autovacuum itself uses (global settings,
-- overridden per table by reloptions): dead tuples, inserts since vacuum, changes since analyze,
-- transaction ID age. Partitioned parents: ops.parent_analyze_reason.
create function ops.maintenance_needs()
returns table (table_oid oid, schema_name text, table_name text, kind text, reason text)
language sql stable set search_path = '' as $$
  with t as (
    select c.oid, n.nspname::text as nspname, c.relname::text as relname, c.relkind,
      greatest(c.reltuples, 0) as reltuples, s.n_dead_tup, s.n_ins_since_vacuum, s.n_mod_since_analyze,
      pg_catalog.age(c.relfrozenxid) as xid_age,
      coalesce(ops.reloption(c.reloptions, 'autovacuum_vacuum_threshold'), pg_catalog.current_setting('autovacuum_vacuum_threshold'))::double precision
        + coalesce(ops.reloption(c.reloptions, 'autovacuum_vacuum_scale_factor'), pg_catalog.current_setting('autovacuum_vacuum_scale_factor'))::double precision
          * greatest(c.reltuples, 0) as dead_limit,
      coalesce(ops.reloption(c.reloptions, 'autovacuum_vacuum_insert_threshold'), pg_catalog.current_setting('autovacuum_vacuum_insert_threshold'))::double precision as ins_base,
      coalesce(ops.reloption(c.reloptions, 'autovacuum_vacuum_insert_scale_factor'), pg_catalog.current_setting('autovacuum_vacuum_insert_scale_factor'))::double precision
          * greatest(c.reltuples, 0) as ins_scaled,
      coalesce(ops.reloption(c.reloptions, 'autovacuum_analyze_threshold'), pg_catalog.current_setting('autovacuum_analyze_threshold'))::double precision
        + coalesce(ops.reloption(c.reloptions, 'autovacuum_analyze_scale_factor'), pg_catalog.current_setting('autovacuum_analyze_scale_factor'))::double precision
          * greatest(c.reltuples, 0) as mod_limit,
      -- Vacuum before autovacuum's anti-wraparound run would force it, at 80% of the limit.
      0.8 * coalesce(ops.reloption(c.reloptions, 'autovacuum_freeze_max_age'), pg_catalog.current_setting('autovacuum_freeze_max_age'))::double precision as freeze_limit
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    left join pg_catalog.pg_stat_all_tables s on s.relid = c.oid
    where c.relkind in ('r', 'm', 'p') and ops.maintenance_exclusion(c.oid) is null
  )
  select t.oid, t.nspname, t.relname, d.kind, d.reason
  from t
  left join lateral (select ops.parent_analyze_reason(t.oid) as why where t.relkind = 'p') ch on true
  cross join lateral (select case
      when t.relkind = 'p' then case when ch.why is not null then 'analyze' end
      when t.xid_age > t.freeze_limit then 'vacuum_freeze'
      when t.n_dead_tup > t.dead_limit then 'vacuum_analyze'
      when t.ins_base >= 0 and t.n_ins_since_vacuum > t.ins_base + t.ins_scaled then 'vacuum_analyze'
      when t.n_mod_since_analyze > t.mod_limit then 'analyze'
    end as kind) k
  cross join lateral (select k.kind, case
      when t.relkind = 'p' then ch.why
      when k.kind = 'vacuum_freeze' then pg_catalog.format('transaction ID age %s is above %s', t.xid_age, t.freeze_limit::bigint)
      when t.n_dead_tup > t.dead_limit then pg_catalog.format('%s dead tuples, above the autovacuum threshold %s', t.n_dead_tup, t.dead_limit::bigint)
      when k.kind = 'vacuum_analyze' then pg_catalog.format('%s inserts since the last vacuum, above %s', t.n_ins_since_vacuum, (t.ins_base + t.ins_scaled)::bigint)
      else pg_catalog.format('%s rows changed since the last analyze, above %s', t.n_mod_since_analyze, t.mod_limit::bigint)
    end as reason) d
  where k.kind is not null
$$;

-- Btree indexes REINDEX CONCURRENTLY can rebuild, on covered tables.
create function ops.maintenance_reindexable(p_table oid default null)
returns table (index_oid oid, table_oid oid, index_bytes bigint, why_not text)
language sql stable set search_path = '' as $$
  select i.indexrelid, i.indrelid, pg_catalog.pg_relation_size(i.indexrelid),
    case
      when am.amname <> 'btree' then pg_catalog.format('%s index: pgstatindex measures btree only', am.amname)
      when not i.indisvalid or not i.indisready then 'invalid index: drop and recreate it'
      when exists (select from pg_catalog.pg_constraint k where k.conindid = i.indexrelid and k.contype = 'x')
        then 'exclusion constraint index: REINDEX CONCURRENTLY does not support it'
    end
  from pg_catalog.pg_index i
  join pg_catalog.pg_class ic on ic.oid = i.indexrelid
  join pg_catalog.pg_am am on am.oid = ic.relam
  join pg_catalog.pg_class tc on tc.oid = i.indrelid
  where ic.relkind = 'i' and tc.relkind in ('r', 'm')
    and (p_table is null or i.indrelid = p_table or i.indexrelid = p_table)
    and ops.maintenance_exclusion(i.indrelid) is null
$$;

-- The planner: one plan of everything covered tables need now. Returns the plan id.
create function ops.maintenance_plan(
  p_trigger text default 'manual',
  p_include_reindex boolean default true,
  p_bloat_threshold numeric default null,
  p_respect_window boolean default true
) returns bigint
language plpgsql volatile security definer set search_path = '' as $$
declare
  s ops.maintenance_settings;
  v_plan bigint;
  v_who text := ops.calling_role();
  n record;
  ix record;
  b record;
  v_threshold numeric;
  v_budget bigint;
  v_actions integer := 0;
  v_measured integer := 0;
  v_bytes bigint := 0;
  v_measurements jsonb := '[]'::jsonb;
begin
  if p_bloat_threshold is not null and (p_bloat_threshold <= 0 or p_bloat_threshold >= 100) then
    raise exception 'ops.maintenance_plan: bloat threshold must be between 0 and 100 percent, got %', p_bloat_threshold
      using errcode = 'invalid_parameter_value';
  end if;
  select * into s from ops.maintenance_settings;
  insert into ops.maintenance_plans (trigger, requested_by) values (coalesce(p_trigger, 'manual'), v_who) returning id into v_plan;

  for n in select * from ops.maintenance_needs() loop
    perform ops.maintenance_enqueue(n.kind, n.table_oid::regclass, null, n.reason, v_plan, p_respect_window, v_who);
    v_actions := v_actions + 1;
  end loop;

  if p_include_reindex then
    v_budget := s.bloat_scan_budget_bytes;
    -- Largest first: that is where bloat costs most; stop at the scan budget.
    for ix in
      select r.*, pg_catalog.format('%I.%I', n2.nspname, ic.relname) as index_label,
        coalesce(p_bloat_threshold, (select mr.reindex_bloat_threshold from ops.maintenance_rules mr
          where mr.schema_name = n2.nspname and mr.table_name = tc.relname), s.reindex_bloat_threshold) as threshold
      from ops.maintenance_reindexable() r
      join pg_catalog.pg_class ic on ic.oid = r.index_oid
      join pg_catalog.pg_class tc on tc.oid = r.table_oid
      join pg_catalog.pg_namespace n2 on n2.oid = ic.relnamespace
      where r.why_not is null and r.index_bytes >= s.reindex_min_index_bytes
      order by r.index_bytes desc
    loop
      exit when v_bytes + ix.index_bytes > v_budget;
      select * into b from ops.index_bloat(ix.index_oid::regclass);
      v_measured := v_measured + 1;
      v_bytes := v_bytes + ix.index_bytes;
      v_threshold := ix.threshold;
      v_measurements := v_measurements || pg_catalog.jsonb_build_object('index', ix.index_label,
        'bytes', b.index_bytes, 'bloat_pct', b.bloat_pct, 'threshold', v_threshold);
      if b.bloat_pct >= v_threshold then
        perform ops.maintenance_enqueue('reindex', ix.table_oid::regclass, ix.index_oid::regclass,
          pg_catalog.format('%s%% of %s bytes wasted (pgstatindex), threshold %s%%', b.bloat_pct, b.index_bytes, v_threshold),
          v_plan, p_respect_window, v_who);
        v_actions := v_actions + 1;
      end if;
    end loop;
  end if;

  update ops.maintenance_plans set
    tables_considered = (select count(*) from pg_catalog.pg_class c
      where c.relkind in ('r', 'm', 'p') and ops.maintenance_exclusion(c.oid) is null),
    indexes_measured = v_measured, bytes_measured = v_bytes, actions_planned = v_actions, measurements = v_measurements
  where id = v_plan;
  return v_plan;
end
$$;

-- User-facing (seed 002): VACUUM (ANALYZE) one table. Queues the statement and hands it to
-- pg_cron, which runs it at the next minute; returns the ops.maintenance_actions id to follow.
-- Explicit requests ignore the maintenance window but still wait their turn on the table.
create function ops.vacuum_analyze_table(p_table regclass) returns bigint
language plpgsql volatile security definer set search_path = '' as $$
declare
  v_id bigint;
begin
  perform ops.maintenance_require(p_table, 'ops.vacuum_analyze_table');
  v_id := ops.maintenance_enqueue('vacuum_analyze', p_table, null,
    pg_catalog.format('requested by %s', ops.calling_role()), null, false, ops.calling_role());
  perform ops.maintenance_dispatch();
  return v_id;
end
$$;

-- The same from a name, with a clear error for anything that is not an existing table name.
-- Postgres picks this overload for an untyped literal: vacuum_analyze_table('public.t').
create function ops.vacuum_analyze_table(p_table text) returns bigint
language sql volatile set search_path = '' as $$
  select ops.vacuum_analyze_table(ops.maintenance_resolve(p_table, 'ops.vacuum_analyze_table'))
$$;

-- User-facing (seed 002): measure each btree index of a table (or one index) with pgstatindex
-- and queue REINDEX INDEX CONCURRENTLY for those wasting at least p_threshold percent.
create function ops.reindex_if_bloated(p_table regclass, p_threshold numeric default null)
returns table (index_name text, index_bytes bigint, bloat_pct numeric, decision text, action_id bigint)
language plpgsql volatile security definer set search_path = '' as $$
declare
  v_table oid;
  v_threshold numeric;
  ix record;
  b record;
begin
  if p_threshold is not null and (p_threshold <= 0 or p_threshold >= 100) then
    raise exception 'ops.reindex_if_bloated: threshold must be between 0 and 100 percent, got %', p_threshold
      using errcode = 'invalid_parameter_value';
  end if;
  if p_table is null then
    raise exception 'ops.reindex_if_bloated: table must not be null' using errcode = 'null_value_not_allowed';
  end if;
  -- An index may be named directly.
  select coalesce((select i.indrelid from pg_catalog.pg_index i where i.indexrelid = p_table), p_table) into v_table;
  perform ops.maintenance_require(v_table::regclass, 'ops.reindex_if_bloated');
  v_threshold := coalesce(p_threshold, (select mr.reindex_bloat_threshold from ops.maintenance_rules mr
      join pg_catalog.pg_class c on c.relname = mr.table_name join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = mr.schema_name
      where c.oid = v_table),
    (select s.reindex_bloat_threshold from ops.maintenance_settings s));
  for ix in select r.*, c.relname::text as relname from ops.maintenance_reindexable(p_table) r
            join pg_catalog.pg_class c on c.oid = r.index_oid order by c.relname loop
    index_name := ix.relname;
    index_bytes := ix.index_bytes;
    bloat_pct := null;
    action_id := null;
    if ix.why_not is not null then
      decision := ix.why_not;
    else
      select * into b from ops.index_bloat(ix.index_oid::regclass);
      bloat_pct := b.bloat_pct;
      if b.bloat_pct >= v_threshold then
        action_id := ops.maintenance_enqueue('reindex', v_table::regclass, ix.index_oid::regclass,
          pg_catalog.format('%s%% of %s bytes wasted (pgstatindex), threshold %s%%, requested by %s',
            b.bloat_pct, b.index_bytes, v_threshold, ops.calling_role()),
          null, false, ops.calling_role());
        decision := 'queued';
      else
        decision := pg_catalog.format('below threshold (%s%%)', v_threshold);
      end if;
    end if;
    return next;
  end loop;
  perform ops.maintenance_dispatch();
end
$$;

create function ops.reindex_if_bloated(p_table text, p_threshold numeric default null)
returns table (index_name text, index_bytes bigint, bloat_pct numeric, decision text, action_id bigint)
language sql volatile set search_path = '' as $$
  select * from ops.reindex_if_bloated(ops.maintenance_resolve(p_table, 'ops.reindex_if_bloated'), p_threshold)
$$;

-- User-facing (seed 002): plan everything covered tables need (vacuum, analyze, reindex) for the
-- maintenance window and start dispatching. Returns the plan id and what it queued.
create function ops.weekly_maintenance() returns jsonb
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

revoke execute on function
  ops.reloption(text[], text),
  ops.calling_role(),
  ops.maintenance_exclusion(oid),
  ops.maintenance_resolve(text, text),
  ops.maintenance_require(regclass, text),
  ops.index_bloat(regclass),
  ops.maintenance_stats(oid, text, text),
  ops.maintenance_enqueue(text, regclass, regclass, text, bigint, boolean, text),
  ops.maintenance_window_open(timestamptz),
  ops.maintenance_lock_available(oid),
  ops.cron_one_shot(timestamptz),
  ops.maintenance_dispatch(),
  ops.maintenance_needs(),
  ops.parent_analyze_reason(oid),
  ops.maintenance_reindexable(oid),
  ops.maintenance_plan(text, boolean, numeric, boolean),
  ops.vacuum_analyze_table(regclass),
  ops.vacuum_analyze_table(text),
  ops.reindex_if_bloated(regclass, numeric),
  ops.reindex_if_bloated(text, numeric),
  ops.weekly_maintenance()
from public, anon, authenticated;
-- Helpers evaluated as the owner (scope, needs, enqueue, lock probe, measurement) stay with it;
-- service_role gets the entry points, which are SECURITY DEFINER, and pure helpers.
grant execute on function
  ops.reloption(text[], text),
  ops.calling_role(),
  ops.maintenance_resolve(text, text),
  ops.maintenance_window_open(timestamptz),
  ops.cron_one_shot(timestamptz),
  ops.maintenance_dispatch(),
  ops.maintenance_plan(text, boolean, numeric, boolean),
  ops.vacuum_analyze_table(regclass),
  ops.vacuum_analyze_table(text),
  ops.reindex_if_bloated(regclass, numeric),
  ops.reindex_if_bloated(text, numeric),
  ops.weekly_maintenance()
to service_role;
