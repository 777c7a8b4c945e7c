-- Monitoring is for service_role only: anon and authenticated can neither call nor read anything.
begin;
select plan(9);

-- Every monitoring function and table, found by the migrations' objects rather than a hand list.
create temp table mon_functions as
  select p.oid::regprocedure as fn from pg_proc p
  where p.pronamespace = 'ops'::regnamespace
    and (p.proname in ('report', 'get_slow_queries', 'analyze_slow_queries', 'top_queries', 'capture_query_stats',
      'capture_index_usage_snapshot', 'detect_unused_indexes', 'capture_table_bloat_snapshot', 'create_performance_alert',
      'check_table_bloat_alerts', 'evaluate_performance_alerts', 'log_query_performance', 'measure_bloat',
      'capture_monitoring_snapshot', 'set_monitoring_schedule', 'ensure_time_partitions', 'drop_time_partitions')
      or p.proname like 'check\_%');
create temp table mon_tables as
  select c.oid::regclass as tbl from pg_class c
  where c.relnamespace = 'ops'::regnamespace and c.relkind in ('r', 'p')
    and c.relname in ('query_performance_logs', 'index_usage_snapshots', 'index_usage_state', 'table_bloat_snapshots',
      'performance_alerts', 'alert_evaluations', 'query_stat_snapshots', 'query_stats_history', 'query_stats_last',
      'query_texts', 'monitoring_config', 'monitoring_checks', 'monitoring_check_overrides');

select cmp_ok((select count(*) from mon_functions), '>=', 30::bigint, 'the monitoring functions exist');
select is((select count(*) from mon_tables), 13::bigint, 'the monitoring tables exist');
select is_empty($$ select fn from mon_functions where has_function_privilege('anon', fn, 'execute')
                   or has_function_privilege('authenticated', fn, 'execute') $$, 'anon and authenticated execute none of them');
select is_empty($$ select fn from mon_functions where not has_function_privilege('service_role', fn, 'execute') $$,
  'service_role executes all of them');
select is_empty($$ select tbl from mon_tables where has_table_privilege('anon', tbl, 'select')
                   or has_table_privilege('authenticated', tbl, 'select') $$, 'anon and authenticated read none of the tables');

select tests.authenticate_as_anon();
select throws_ok($$ select ops.report() $$, '42501', null, 'anon cannot call ops.report()');
select tests.clear_authentication();
select tests.create_user('mon-user');
select tests.authenticate_as('mon-user');
select throws_ok($$ select * from ops.performance_alerts $$, '42501', null, 'authenticated cannot read alerts');
select tests.authenticate_as_service_role();
select lives_ok($$ select ops.report('summary') $$, 'service_role can call ops.report()');
-- SECURITY DEFINER capture: service_role is not pg_read_all_stats, yet captures everyone's statements.
select lives_ok($$ select ops.capture_monitoring_snapshot() $$, 'service_role can take a full snapshot');

select * from finish();
rollback;
