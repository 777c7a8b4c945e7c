-- Alert lifecycle on a real condition (a sequence near its end): one open alert per fingerprint,
-- occurrences counting evaluations, escalation, auto-resolve, outbox events, per-object overrides.
begin;
select plan(16);

create schema mon_alerts;
create sequence mon_alerts.nearly_done maxvalue 100;
select setval('mon_alerts.nearly_done', 80);  -- 79.8% used: warning (75), not critical (90)

select * from ops.evaluate_performance_alerts(array['sequence_exhaustion']);
select * from ops.evaluate_performance_alerts(array['sequence_exhaustion']);

create temp view mine as
  select * from ops.performance_alerts where fingerprint = 'sequence_exhaustion:mon_alerts.nearly_done';

select is((select count(*) from mine), 1::bigint, 'two evaluations of a persisting condition: one alert');
select is((select occurrences from mine), 2, 'with occurrences = 2');
select is((select severity from mine), 'warning', 'at warning severity');
select ok((select resolved_at is null from mine), 'still open');
select is((select count(*) from ops.outbox where topic = 'alert' and ordering_key = 'sequence_exhaustion:mon_alerts.nearly_done'),
  1::bigint, 'one outbox event so far (the opening), ordered by fingerprint');
select is((select payload ->> 'status' from ops.outbox where ordering_key = 'sequence_exhaustion:mon_alerts.nearly_done'),
  'opened', 'the event says opened');

select setval('mon_alerts.nearly_done', 95);
select * from ops.evaluate_performance_alerts(array['sequence_exhaustion']);
select is((select severity || '/' || occurrences from mine), 'critical/3', 'worse: the same alert escalates to critical');
select is((select count(*) from ops.outbox where ordering_key = 'sequence_exhaustion:mon_alerts.nearly_done'
  and payload ->> 'status' = 'updated'), 1::bigint, 'the escalation wrote an updated event');

alter sequence mon_alerts.nearly_done maxvalue 1000000;
select is((select resolved from ops.evaluate_performance_alerts(array['sequence_exhaustion'])), 1, 'fixed: evaluation resolves one alert');
select ok((select resolved_at is not null and resolved_by = 'auto' from mine), 'resolved_at is recorded, by auto');
select is((select count(*) from ops.outbox where ordering_key = 'sequence_exhaustion:mon_alerts.nearly_done'
  and payload ->> 'status' = 'resolved'), 1::bigint, 'the resolution wrote a resolved event');

-- It comes back: a new alert, the old one stays resolved.
alter sequence mon_alerts.nearly_done maxvalue 100;
select * from ops.evaluate_performance_alerts(array['sequence_exhaustion']);
select is((select count(*) from mine), 2::bigint, 'a recurrence opens a new alert');
select is((select count(*) from mine where resolved_at is null), 1::bigint, 'only one of them is open');

-- Per-object override: disable the check for this sequence only.
insert into ops.monitoring_check_overrides (check_name, object_name, enabled, note)
values ('sequence_exhaustion', 'mon_alerts.nearly_done', false, 'test');
select * from ops.evaluate_performance_alerts(array['sequence_exhaustion']);
select is((select count(*) from mine where resolved_at is null), 0::bigint, 'an override disabling the object resolves it');
update ops.monitoring_check_overrides set enabled = null, warn_threshold = 99.9, critical_threshold = 99.99
where object_name = 'mon_alerts.nearly_done';
select is((select count(*) from ops.check_sequence_exhaustion() f where f.object_name = 'mon_alerts.nearly_done'),
  0::bigint, 'an override raising its thresholds keeps it quiet');

-- Seed name: a manual alert, repeated, is one alert.
select ops.create_performance_alert('slow_query', 'warning', 'manual report', '{}', 'endpoint:/api/x');
select ops.create_performance_alert('slow_query', 'warning', 'manual report', '{}', 'endpoint:/api/x');
select is((select string_agg(occurrences::text, ',') from ops.performance_alerts where fingerprint = 'slow_query:endpoint:/api/x'),
  '2', 'create_performance_alert repeats instead of duplicating');

select * from finish();
rollback;
