-- Rollback of 20261124171000_ops_monitoring_report.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists ops.report(text, numeric, numeric);
