-- Rollback of 20261124200400_ops_maintenance_cleanup.
set lock_timeout = '5s';
drop function if exists ops.purge_maintenance_history(interval);
drop function if exists ops.purge_cron_history(interval, integer);
