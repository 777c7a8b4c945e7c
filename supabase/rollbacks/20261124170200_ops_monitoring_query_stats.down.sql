-- Rollback of 20261124170200_ops_monitoring_query_stats. The query history is lost with its tables.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists ops.analyze_slow_queries(numeric, numeric);
drop function if exists ops.get_slow_queries(numeric, numeric);
drop function if exists ops.top_queries(timestamptz, timestamptz, text, integer, boolean);
drop function if exists ops.check_threshold_ms(text, numeric);
drop function if exists ops.check_window_hours(text, numeric);
drop function if exists ops.capture_query_stats();
drop table if exists ops.query_texts;
drop table if exists ops.query_stats_history;
drop table if exists ops.query_stats_last;
drop table if exists ops.query_stat_snapshots;
