-- ops.maintain_indexes (seed 003, issue 10): index maintenance for the app tables on top of the
-- maintenance executor (20261124200100): measure, decide, queue, report.
-- Seed defects fixed here: the seed's maintain_indexes() ran REINDEX (CONCURRENTLY) inside a
-- plpgsql function, which always fails (CONCURRENTLY cannot run in a transaction block), and
-- selected tablename, indexname and a bloat_pct alias that pg_stat_user_indexes does not have
-- (its columns are relname and indexrelname; an alias cannot be used in WHERE). Its "bloat" was
-- index size over table size, which says nothing about waste. Here the waste is measured with
-- pgstatindex (ops.index_bloat, exact), and REINDEX INDEX CONCURRENTLY and ANALYZE are queued
-- as ops.maintenance_actions, which ops.maintenance_dispatch hands to pg_cron as one-shot jobs:
-- each runs top-level, one statement per job, and its outcome is recorded.
set lock_timeout = '5s';
set statement_timeout = '60s';

-- Report and act on the indexes of the given tables (default: every table in public that
-- maintenance covers, see ops.maintenance_rules; a partitioned table stands for its partitions).
-- One row per index, largest first, then one row per table (index_name null) for its statistics:
--   decision 'reindex queued: …'  btree wasting >= the threshold, and at least p_min_index_bytes
--            'below threshold: …' measured, not worth a rebuild
--            'skipped: …'         not measurable or not rebuilt (not btree, invalid, exclusion
--                                  constraint, smaller than the minimum, over the scan budget)
--            'analyze queued: …'  / 'statistics fresh: …' for the table rows
-- With p_dry_run the decisions say "due" and nothing is queued. The threshold defaults to the
-- table's maintenance_rules override, then maintenance_settings.reindex_bloat_threshold; the
-- minimum size to maintenance_settings.reindex_min_index_bytes. Explicit requests ignore the
-- maintenance window (as ops.reindex_if_bloated does).
create function ops.maintain_indexes(
  p_tables regclass[] default null,
  p_bloat_threshold numeric default null,
  p_min_index_bytes bigint default null,
  p_dry_run boolean default false
) returns table (
  schema_name text,
  table_name text,
  index_name text,
  index_type text,
  index_bytes bigint,
  bloat_pct numeric,
  wasted_bytes bigint,
  idx_scan bigint,
  decision text,
  action_id bigint
)
language plpgsql volatile security definer set search_path = '' as $$
declare
  s ops.maintenance_settings;
  v_who text := ops.calling_role();
  v_tables oid[];
  v_rel regclass;
  v_pos integer := 0;
  v_min bigint;
  v_measured_bytes bigint := 0;
  v_queued integer := 0;
  v_reason text;
  ix record;
  b record;
  t record;
begin
  if p_bloat_threshold is not null and (p_bloat_threshold <= 0 or p_bloat_threshold >= 100) then
    raise exception 'ops.maintain_indexes: bloat threshold must be between 0 and 100 percent, got %', p_bloat_threshold
      using errcode = 'invalid_parameter_value';
  end if;
  if p_min_index_bytes is not null and p_min_index_bytes < 0 then
    raise exception 'ops.maintain_indexes: minimum index size must be >= 0 bytes, got %', p_min_index_bytes
      using errcode = 'invalid_parameter_value';
  end if;
  select * into s from ops.maintenance_settings;
  v_min := coalesce(p_min_index_bytes, s.reindex_min_index_bytes);

  if p_tables is null then
    select coalesce(pg_catalog.array_agg(c.oid), '{}') into v_tables
    from pg_catalog.pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'm', 'p')
      and ops.maintenance_exclusion(c.oid) is null;
  else
    if pg_catalog.cardinality(p_tables) = 0 then
      raise exception 'ops.maintain_indexes: the table list is empty; pass null for every covered table in public'
        using errcode = 'invalid_parameter_value';
    end if;
    foreach v_rel in array p_tables loop
      v_pos := v_pos + 1;
      if v_rel is null then
        raise exception 'ops.maintain_indexes: table % of the list is null', v_pos using errcode = 'null_value_not_allowed';
      end if;
      -- 42P01 for a dropped oid, 42809 for an index, view or sequence, 42501 for an excluded table.
      perform ops.maintenance_require(v_rel, 'ops.maintain_indexes');
    end loop;
    -- A partitioned table's indexes live on its partitions: add the covered leaves.
    select pg_catalog.array_agg(distinct x.oid) into v_tables
    from (
      select r::oid as oid from pg_catalog.unnest(p_tables) r
      union
      select pt.relid::oid from pg_catalog.unnest(p_tables) r
      cross join lateral pg_catalog.pg_partition_tree(r) pt
      where pt.isleaf and ops.maintenance_exclusion(pt.relid) is null
    ) x;
  end if;

  -- Indexes, largest first: that is where waste costs most, and the pgstatindex scan budget
  -- (maintenance_settings.bloat_scan_budget_bytes) is spent on them first.
  for ix in
    select c.oid as index_oid, c.relname::text as index_relname, tc.oid as table_oid, n.nspname::text as nspname,
      tc.relname::text as relname, am.amname::text as amname, pg_catalog.pg_relation_size(c.oid) as bytes,
      coalesce(st.idx_scan, 0) as scans, r.why_not,
      coalesce(p_bloat_threshold, (select mr.reindex_bloat_threshold from ops.maintenance_rules mr
          where mr.schema_name = n.nspname and mr.table_name = tc.relname),
        s.reindex_bloat_threshold) as threshold
    from pg_catalog.pg_index i
    join pg_catalog.pg_class c on c.oid = i.indexrelid
    join pg_catalog.pg_class tc on tc.oid = i.indrelid
    join pg_catalog.pg_namespace n on n.oid = tc.relnamespace
    join pg_catalog.pg_am am on am.oid = c.relam
    left join pg_catalog.pg_stat_all_indexes st on st.indexrelid = i.indexrelid
    left join lateral (select rx.why_not from ops.maintenance_reindexable(i.indrelid) rx where rx.index_oid = i.indexrelid) r on true
    where i.indrelid = any (v_tables) and c.relkind = 'i'
    order by pg_catalog.pg_relation_size(c.oid) desc, n.nspname, c.relname
  loop
    schema_name := ix.nspname;
    table_name := ix.relname;
    index_name := ix.index_relname;
    index_type := ix.amname;
    index_bytes := ix.bytes;
    idx_scan := ix.scans;
    bloat_pct := null;
    wasted_bytes := null;
    action_id := null;
    if ix.why_not is not null then
      decision := 'skipped: ' || ix.why_not;
    elsif v_measured_bytes + ix.bytes > s.bloat_scan_budget_bytes then
      decision := pg_catalog.format('skipped: measuring it would exceed this call''s scan budget of %s bytes (bloat_scan_budget_bytes)',
        s.bloat_scan_budget_bytes);
    else
      select * into b from ops.index_bloat(ix.index_oid::regclass);
      v_measured_bytes := v_measured_bytes + ix.bytes;
      bloat_pct := b.bloat_pct;
      wasted_bytes := b.wasted_bytes;
      if b.bloat_pct < ix.threshold then
        decision := pg_catalog.format('below threshold: %s%% wasted, threshold %s%%', b.bloat_pct, ix.threshold);
      elsif ix.bytes < v_min then
        decision := pg_catalog.format('skipped: %s%% wasted, but %s bytes is below the %s-byte minimum (reindex_min_index_bytes)',
          b.bloat_pct, ix.bytes, v_min);
      elsif p_dry_run then
        decision := pg_catalog.format('reindex due (dry run): %s%% of %s bytes wasted, threshold %s%%', b.bloat_pct, b.index_bytes, ix.threshold);
      else
        action_id := ops.maintenance_enqueue('reindex', ix.table_oid::regclass, ix.index_oid::regclass,
          pg_catalog.format('%s%% of %s bytes wasted (pgstatindex), threshold %s%%, requested by %s through ops.maintain_indexes',
            b.bloat_pct, b.index_bytes, ix.threshold, v_who),
          null, false, v_who);
        v_queued := v_queued + 1;
        decision := pg_catalog.format('reindex queued: %s%% of %s bytes wasted, threshold %s%%', b.bloat_pct, b.index_bytes, ix.threshold);
      end if;
    end if;
    return next;
  end loop;

  -- Statistics, by autovacuum's own analyze threshold (reloptions first, then the settings).
  -- Partitioned parents: autovacuum never analyzes them (ops.parent_analyze_reason).
  for t in
    select c.oid, n.nspname::text as nspname, c.relname::text as relname, c.relkind,
      greatest(c.reltuples, 0)::bigint as est_rows, st.n_live_tup, st.n_mod_since_analyze,
      coalesce(st.last_analyze, st.last_autoanalyze) as analyzed_at,
      (coalesce(ops.reloption(c.reloptions, 'autovacuum_analyze_threshold'), pg_catalog.current_setting('autovacuum_analyze_threshold'))::double precision
        + coalesce(ops.reloption(c.reloptions, 'autovacuum_analyze_scale_factor'), pg_catalog.current_setting('autovacuum_analyze_scale_factor'))::double precision
          * greatest(c.reltuples, 0))::bigint as mod_limit
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    left join pg_catalog.pg_stat_all_tables st on st.relid = c.oid
    where c.oid = any (v_tables)
    order by n.nspname, c.relname
  loop
    schema_name := t.nspname;
    table_name := t.relname;
    index_name := null;
    index_type := null;
    index_bytes := null;
    bloat_pct := null;
    wasted_bytes := null;
    idx_scan := null;
    action_id := null;
    v_reason := case
      when t.relkind = 'p' then ops.parent_analyze_reason(t.oid)
      when t.analyzed_at is null and greatest(t.est_rows, coalesce(t.n_live_tup, 0)) > 0
        then pg_catalog.format('never analyzed, about %s rows', greatest(t.est_rows, coalesce(t.n_live_tup, 0)))
      when coalesce(t.n_mod_since_analyze, 0) > t.mod_limit
        then pg_catalog.format('%s rows changed since the last analyze, above %s', t.n_mod_since_analyze, t.mod_limit)
    end;
    if v_reason is null then
      decision := case when t.relkind = 'p' then 'statistics fresh: partitioned table analyzed after its partitions changed'
        else pg_catalog.format('statistics fresh: %s rows changed since the last analyze, threshold %s', coalesce(t.n_mod_since_analyze, 0), t.mod_limit) end;
    elsif p_dry_run then
      decision := 'analyze due (dry run): ' || v_reason;
    else
      action_id := ops.maintenance_enqueue('analyze', t.oid::regclass, null,
        pg_catalog.format('%s, requested by %s through ops.maintain_indexes', v_reason, v_who), null, false, v_who);
      v_queued := v_queued + 1;
      decision := 'analyze queued: ' || v_reason;
    end if;
    return next;
  end loop;

  if v_queued > 0 then
    perform ops.maintenance_dispatch();
  end if;
end
$$;
comment on function ops.maintain_indexes(regclass[], numeric, bigint, boolean) is 'Measure (pgstatindex) the indexes of app tables, queue REINDEX INDEX CONCURRENTLY for bloated btrees and ANALYZE for stale statistics through the maintenance executor (pg_cron), and report every decision.';
revoke execute on function ops.maintain_indexes(regclass[], numeric, bigint, boolean) from public, anon, authenticated;
grant execute on function ops.maintain_indexes(regclass[], numeric, bigint, boolean) to service_role;
