-- Rollback of 20261124170000_ops_monitoring_partitions. Partitions already created stay.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists ops.drop_time_partitions(regclass, timestamptz);
drop function if exists ops.ensure_time_partitions(regclass, text, timestamptz, integer);
