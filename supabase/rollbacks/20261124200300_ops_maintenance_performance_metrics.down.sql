-- Rollback of 20261124200300_ops_maintenance_performance_metrics. Drops ops.performance_metrics
-- with its data: export it first if it matters. Other modules' tables are only unregistered;
-- their partitions stay.
set lock_timeout = '5s';
delete from ops.partitioned_tables where (schema_name, table_name) in (
  ('ops', 'performance_metrics'), ('ops', 'query_performance_logs'), ('ops', 'query_stats_history'),
  ('ops', 'index_usage_snapshots'), ('ops', 'table_bloat_snapshots'), ('public', 'audit_logs'),
  ('public', 'file_versions'), ('public', 'metrics'));
drop function if exists ops.record_metric(text, text, double precision, jsonb);
drop table if exists ops.performance_metrics;
