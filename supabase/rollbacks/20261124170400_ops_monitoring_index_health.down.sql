-- Rollback of 20261124170400_ops_monitoring_index_health. Index usage history is lost, so unused-index
-- dates restart from the next snapshot after re-applying.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists ops.unindexed_foreign_keys();
drop function if exists ops.invalid_indexes();
drop function if exists ops.duplicate_indexes();
drop function if exists ops.detect_unused_indexes(numeric, bigint);
drop function if exists ops.capture_index_usage_snapshot();
drop table if exists ops.index_usage_state;
drop table if exists ops.index_usage_snapshots;
drop function if exists ops.monitoring_excluded_schemas();
delete from ops.monitoring_config where key = 'excluded_schemas';
