-- Rollback of 20261124170800_ops_monitoring_alerts. Alert history is lost; events already in
-- ops.outbox stay there.
set lock_timeout = '5s';
set statement_timeout = '60s';
drop function if exists ops.apply_alert_findings(text[], ops.alert_finding[]);
drop function if exists ops.resolve_performance_alert(bigint, text, text);
drop function if exists ops.create_performance_alert(text, text, text, jsonb, text, numeric);
drop function if exists ops.upsert_performance_alert(text, text, text, jsonb, text, numeric);
drop function if exists ops.enqueue_alert_event(ops.performance_alerts, text);
drop function if exists ops.alert_fingerprint(text, text, text);
drop type if exists ops.alert_finding;
drop table if exists ops.alert_evaluations;
drop table if exists ops.performance_alerts;
