-- Rollback of 20261124200100_ops_maintenance_executor. Removes pending one-shot jobs first, so
-- no statement runs after its record is gone.
set lock_timeout = '5s';
select cron.unschedule(jobid) from cron.job where jobname like 'ops:maint-action:%' and username = current_user;
drop function if exists ops.weekly_maintenance();
drop function if exists ops.reindex_if_bloated(text, numeric);
drop function if exists ops.reindex_if_bloated(regclass, numeric);
drop function if exists ops.vacuum_analyze_table(text);
drop function if exists ops.vacuum_analyze_table(regclass);
drop function if exists ops.maintenance_plan(text, boolean, numeric, boolean);
drop function if exists ops.maintenance_reindexable(oid);
drop function if exists ops.maintenance_needs();
drop function if exists ops.parent_analyze_reason(oid);
drop function if exists ops.maintenance_dispatch();
drop function if exists ops.cron_one_shot(timestamptz);
drop function if exists ops.maintenance_lock_available(oid);
drop function if exists ops.maintenance_window_open(timestamptz);
drop function if exists ops.maintenance_enqueue(text, regclass, regclass, text, bigint, boolean, text);
drop function if exists ops.maintenance_stats(oid, text, text);
drop function if exists ops.index_bloat(regclass);
drop function if exists ops.maintenance_require(regclass, text);
drop function if exists ops.maintenance_resolve(text, text);
drop function if exists ops.maintenance_exclusion(oid);
drop function if exists ops.calling_role();
drop function if exists ops.reloption(text[], text);
drop table if exists ops.maintenance_actions;
drop table if exists ops.maintenance_plans;
drop table if exists ops.maintenance_rules;
