-- Rollback of 20261124170100_ops_monitoring_settings. Tuned thresholds are lost: export
-- ops.monitoring_checks and ops.monitoring_check_overrides first if they matter.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists ops.alert_severity(numeric, numeric, numeric, text);
drop function if exists ops.alert_threshold(text, text);
drop function if exists ops.monitoring_setting(text);
drop table if exists ops.monitoring_check_overrides;
drop table if exists ops.monitoring_checks;
drop table if exists ops.monitoring_config;
