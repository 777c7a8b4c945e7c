-- Rollback of 20261124170600_ops_monitoring_table_health.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists ops.sequence_health();
drop function if exists ops.wraparound_status();
drop function if exists ops.table_health();
