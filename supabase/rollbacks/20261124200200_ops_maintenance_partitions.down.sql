-- Rollback of 20261124200200_ops_maintenance_partitions. Partitions it created stay attached to
-- their tables; only the manager goes.
set lock_timeout = '5s';
drop function if exists ops.partition_maintain(regclass);
drop function if exists ops.partition_unregister(regclass);
drop function if exists ops.partition_register(regclass, text, integer, interval, boolean, boolean, boolean);
drop function if exists ops.partition_repair_default(regclass, integer);
drop function if exists ops.partition_create(regclass, timestamptz);
drop function if exists ops.partition_secure(text, text, regclass);
drop function if exists ops.partition_key_expr(text, regtype);
drop function if exists ops.partitions(regclass);
drop function if exists ops.partition_name(text, timestamptz, text);
drop function if exists ops.partition_bound_literal(timestamptz, regtype);
drop function if exists ops.partition_period_add(timestamptz, text, integer);
drop function if exists ops.partition_period_start(timestamptz, text);
drop function if exists ops.partition_key(regclass);
drop table if exists ops.partitioned_tables;
