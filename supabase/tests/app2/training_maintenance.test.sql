-- Maintenance coverage of the training tables (seed 002's weekly_maintenance list), within one
-- transaction: no maintenance rule excludes the eight tables or generation_logs' partitions;
-- their btree indexes are all candidates for the bloat check; the explicit entry points accept
-- them; and a rule does take them out (the coverage comes from the rules, not from a list).
-- That the weekly plan queues a VACUUM for each after committed churn is shown in
-- tests/app2/training-maintenance.test.ts (dead tuples need commits).
begin;
select plan(8);

update ops.maintenance_settings set window_start = null, window_end = null;

create temp table training (relname text primary key);
insert into training values ('conversation_templates'), ('scenarios'), ('edge_cases'), ('conversations'),
  ('conversation_turns'), ('generation_logs'), ('export_logs'), ('batch_jobs');
create temp table covered as
select c.oid, c.relname::text as relname from pg_class c where c.relnamespace = 'public'::regnamespace and c.relname in (select relname from training)
union all
select p.partition_oid, p.partition_name from ops.partitions('public.generation_logs') p;

select is((select count(*)::int from covered where relname in (select relname from training)), 8, 'the eight training tables exist');
select is_empty($$select relname || ': ' || ops.maintenance_exclusion(oid) from covered where ops.maintenance_exclusion(oid) is not null$$,
                'no maintenance rule excludes the training tables or generation_logs'' partitions');
select is_empty($$select ic.relname from covered t join pg_index i on i.indrelid = t.oid join pg_class ic on ic.oid = i.indexrelid
                  join pg_am am on am.oid = ic.relam
                  where am.amname = 'btree' and ic.relkind = 'i'
                    and not exists (select from ops.maintenance_reindexable() r where r.index_oid = i.indexrelid and r.why_not is null)$$,
                'every btree index of them (partitions included) is a candidate for the bloat check');
select ok((select count(*) > 0 from ops.maintenance_reindexable() r join covered t on t.oid = r.table_oid where t.relname like 'generation_logs_p%'),
          'generation_logs'' partition indexes are among them');

select ops.vacuum_analyze_table('public.conversations') as a1 \gset
select is((select command from ops.maintenance_actions where id = :a1), 'VACUUM (ANALYZE, SKIP_LOCKED) public.conversations',
          'an explicit VACUUM of conversations is queued as one statement');
select is((select count(*)::int from ops.reindex_if_bloated('public.generation_logs_p' || to_char(now() at time zone 'UTC', 'YYYYMM'), 99)),
          (select count(*)::int from pg_index i join pg_class ic on ic.oid = i.indexrelid
           where i.indrelid = ('public.generation_logs_p' || to_char(now() at time zone 'UTC', 'YYYYMM'))::regclass),
          'the bloat check measures every index of this month''s generation_logs partition');

insert into ops.maintenance_rules (schema_name, table_name, included) values ('public', null, false), ('public', 'conversations', true);
select is((select array_agg(relname order by relname) from covered where relname in (select relname from training) and ops.maintenance_exclusion(oid) is null),
          '{conversations}', 'a schema rule excludes them and a table rule brings one back: rules decide coverage');
select is(ops.maintenance_exclusion(('public.generation_logs_p' || to_char(now() at time zone 'UTC', 'YYYYMM'))::regclass), 'is excluded by ops.maintenance_rules',
          'partitions follow the rules of their schema');

select * from finish();
rollback;
