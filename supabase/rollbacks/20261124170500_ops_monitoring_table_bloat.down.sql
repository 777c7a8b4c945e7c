-- Rollback of 20261124170500_ops_monitoring_table_bloat. Bloat history is lost with its table.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists ops.latest_bloat(numeric);
drop function if exists ops.capture_table_bloat_snapshot(boolean);
drop function if exists ops.measure_bloat(oid);
drop function if exists ops.estimate_index_bloat();
drop function if exists ops.estimate_table_bloat();
drop function if exists ops.typalign_bytes("char");
drop table if exists ops.table_bloat_snapshots;
