-- Rollback of 20261124170300_ops_monitoring_query_logs. App-side timings are lost with the table.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists ops.query_log_summary(numeric, text, integer);
drop function if exists ops.query_log_stats(numeric, text, text);
drop function if exists ops.log_query_performance(jsonb);
drop function if exists ops.query_hash(text);
drop function if exists ops.normalize_query(text);
drop table if exists ops.query_performance_logs;
