-- Rollback of 20261124170700_ops_monitoring_live_health.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists ops.cache_hit_ratio();
drop function if exists ops.connection_saturation();
drop function if exists ops.blocking_chains();
drop function if exists ops.long_running_sessions(numeric);
