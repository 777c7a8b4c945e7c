-- ops.maintain_indexes: the report (size, waste, scans, decision per index; statistics per
-- table), what it queues through the maintenance executor, the dry run, the scan budget, and its
-- input errors. The statements themselves run in pg_cron jobs, after commit:
-- tests/app2/maintain-indexes.test.ts shows an index shrinking.
begin;
select plan(35);

-- A fixture with one index of each kind of outcome:
--  mi_probe_k_idx     btree filled in random key order: page splits leave leaves ~70% full
--                     (about 20% waste against fillfactor 90);
--  mi_probe_tag_idx   btree built after the load: packed to the fillfactor, no waste;
--  mi_probe_labels_idx  gin: pgstatindex cannot measure it.
create table public.mi_probe (id bigint generated always as identity primary key, k double precision not null, tag text not null, labels text[] not null default '{}');
alter table public.mi_probe enable row level security;
create index mi_probe_k_idx on public.mi_probe (k);
insert into public.mi_probe (k, tag, labels) select random(), 'tag-' || (g % 500), array['l' || (g % 7)] from generate_series(1, 20000) g;
create index mi_probe_tag_idx on public.mi_probe (tag);
create index mi_probe_labels_idx on public.mi_probe using gin (labels);

create temp table report as
select * from ops.maintain_indexes(array['public.mi_probe']::regclass[], p_bloat_threshold => 10, p_min_index_bytes => 0);

select is((select count(*)::int from report), 5, 'one row per index (4) and one for the table');
select is((select array_agg(index_name order by index_bytes desc, index_name) from report where index_name is not null),
  (select array_agg(c.relname::text order by pg_relation_size(c.oid) desc, c.relname) from pg_index i join pg_class c on c.oid = i.indexrelid
   where i.indrelid = 'public.mi_probe'::regclass), 'indexes are reported largest first');
select ok((select bool_and(r.index_bytes = pg_relation_size(format('public.%I', r.index_name)::regclass)) from report r where r.index_name is not null),
  'index_bytes is the index''s size');
select ok((select bool_and(r.idx_scan = coalesce((select s.idx_scan from pg_stat_all_indexes s where s.indexrelname = r.index_name and s.schemaname = 'public'), 0))
           from report r where r.index_name is not null), 'idx_scan comes from pg_stat_all_indexes');
select matches((select decision from report where index_name = 'mi_probe_k_idx'), '^reindex queued: \d+\.\d% of \d+ bytes wasted, threshold 10%$',
  'the randomly filled btree is queued for a rebuild');
select ok((select bloat_pct between 10 and 60 and wasted_bytes > 0 from report where index_name = 'mi_probe_k_idx'),
  'with its measured waste (pgstatindex)');
select is((select a.kind || ' | ' || a.command || ' | ' || a.respect_window::text from ops.maintenance_actions a join report r on r.action_id = a.id where r.index_name = 'mi_probe_k_idx'),
  'reindex | REINDEX INDEX CONCURRENTLY public.mi_probe_k_idx | false', 'the action is REINDEX INDEX CONCURRENTLY, outside the maintenance window');
select ok((select a.status in ('queued', 'dispatched') and a.reason like '%through ops.maintain_indexes' from ops.maintenance_actions a join report r on r.action_id = a.id
           where r.index_name = 'mi_probe_k_idx'), 'and it is queued or already handed to pg_cron');
select matches((select decision from report where index_name = 'mi_probe_tag_idx'), '^below threshold: \d+\.\d% wasted, threshold 10%$', 'the freshly built btree is below the threshold');
select ok((select bloat_pct < 10 and action_id is null from report where index_name = 'mi_probe_tag_idx'), 'and nothing is queued for it');
select is((select decision from report where index_name = 'mi_probe_labels_idx'), 'skipped: gin index: pgstatindex measures btree only', 'a gin index is skipped, with the reason');
select ok((select bloat_pct is null and action_id is null from report where index_name = 'mi_probe_labels_idx'), 'and has no estimate');
select is((select decision from report where index_name is null), 'analyze queued: never analyzed, about 20000 rows', 'the never-analyzed table gets an ANALYZE');
select is((select a.command from ops.maintenance_actions a join report r on r.action_id = a.id where r.index_name is null),
  'ANALYZE (SKIP_LOCKED) public.mi_probe', 'through the executor');

-- The default minimum size (maintenance_settings.reindex_min_index_bytes, 8 MB) spares small indexes.
select matches((select decision from ops.maintain_indexes(array['public.mi_probe']::regclass[], 10) where index_name = 'mi_probe_k_idx'),
  '^skipped: \d+\.\d% wasted, but \d+ bytes is below the 8388608-byte minimum \(reindex_min_index_bytes\)$', 'small indexes are not rebuilt by default');

-- Dry run: decisions only.
create table public.mi_dry (id bigint primary key, k double precision not null);
alter table public.mi_dry enable row level security;
create index mi_dry_k_idx on public.mi_dry (k);
insert into public.mi_dry select g, random() from generate_series(1, 20000) g;
create temp table actions_before as select count(*) as n from ops.maintenance_actions;
select matches((select decision from ops.maintain_indexes(array['public.mi_dry']::regclass[], 10, 0, true) where index_name = 'mi_dry_k_idx'),
  '^reindex due \(dry run\): ', 'a dry run says what is due');
select is((select count(*) from ops.maintenance_actions), (select n from actions_before), 'and queues nothing');

-- The scan budget: over it, indexes are reported but not measured.
update ops.maintenance_settings set bloat_scan_budget_bytes = 1;
select is((select count(*)::int from ops.maintain_indexes(array['public.mi_dry']::regclass[], 10, 0, true)
           where decision like 'skipped: measuring it would exceed this call''s scan budget of 1 bytes%'), 2, 'past the scan budget nothing is measured');
update ops.maintenance_settings set bloat_scan_budget_bytes = 10737418240;

-- Scope: by default every covered table in public; a partitioned table stands for its partitions.
select is((select array_agg(distinct schema_name) from ops.maintain_indexes(p_dry_run => true)), '{public}', 'the default scope is the public schema');
select ok((select count(*) > 0 from ops.maintain_indexes(p_dry_run => true) where table_name = 'mi_probe'), 'and includes every table there');
select ok((select count(*) filter (where table_name like 'metrics\_p%' and index_name is not null) > 0 and count(*) filter (where table_name = 'metrics' and index_name is null) = 1
           from ops.maintain_indexes(array['public.metrics']::regclass[], p_dry_run => true)),
  'a partitioned table is reported through its partitions'' indexes, and gets its own statistics row');
insert into ops.maintenance_rules (schema_name, table_name, included, note) values ('public', 'mi_dry', false, 'test');
select ok(not exists (select from ops.maintain_indexes(p_dry_run => true) where table_name = 'mi_dry'), 'tables excluded by maintenance_rules are left out');

-- ---- input errors ----------------------------------------------------------------------------
select throws_ok($$select * from ops.maintain_indexes('{"public.mi_probe; drop table public.mi_probe"}')$$, '42602', null, 'an injection attempt is not a table name (42602)');
select throws_ok($$select * from ops.maintain_indexes('{public.no_such_table}')$$, '42P01', null, 'an unknown table (42P01)');
select throws_ok($$select * from ops.maintain_indexes(array[4294967000::oid::regclass])$$, '42P01', 'ops.maintain_indexes: relation with oid 4294967000 does not exist', 'a dangling oid (42P01)');
select throws_ok($$select * from ops.maintain_indexes(array['public.mi_probe_k_idx'::regclass])$$, '42809', 'ops.maintain_indexes: public.mi_probe_k_idx is not a table (an index)', 'an index is not a table (42809)');
select throws_ok($$select * from ops.maintain_indexes(array['public.v_active_rate_limits'::regclass])$$, '42809', null, 'a view is not a table (42809)');
select throws_ok($$select * from ops.maintain_indexes(array['public.mi_dry'::regclass])$$, '42501', 'ops.maintain_indexes: public.mi_dry is excluded by ops.maintenance_rules', 'an excluded table (42501)');
select throws_ok($$select * from ops.maintain_indexes(array['auth.users'::regclass])$$, '42501', null, 'a platform table (42501)');
select throws_ok($$select * from ops.maintain_indexes(array['public.mi_probe'::regclass, null])$$, '22004', 'ops.maintain_indexes: table 2 of the list is null', 'a null entry (22004)');
select throws_ok($$select * from ops.maintain_indexes('{}'::regclass[])$$, '22023', null, 'an empty list (22023)');
select throws_ok($$select * from ops.maintain_indexes(null, 100)$$, '22023', null, 'a threshold of 100% (22023)');
select throws_ok($$select * from ops.maintain_indexes(null, 30, -1)$$, '22023', null, 'a negative minimum size (22023)');

-- ---- privileges --------------------------------------------------------------------------------
select tests.create_user('mallory');
select tests.authenticate_as('mallory');
select throws_ok($$select * from ops.maintain_indexes(p_dry_run => true)$$, '42501', null, 'authenticated users cannot call it');
select tests.clear_authentication();
select tests.authenticate_as_service_role();
select ok((select count(*) > 0 from ops.maintain_indexes(array['public.mi_probe']::regclass[], p_dry_run => true)), 'service_role runs it');
select tests.clear_authentication();

select * from finish();
rollback;
