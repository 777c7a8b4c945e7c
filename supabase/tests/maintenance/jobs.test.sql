-- ops.schedule_job (idempotent upsert), cron expression evaluation, the ops.jobs view and the
-- job alerts. Runs are simulated by inserting cron.job_run_details rows inside this transaction.
begin;
select plan(23);

-- Last due time of a cron expression (UTC).
select is(ops.cron_last_due('*/15 * * * *', '2026-11-24 13:29:59+00'), '2026-11-24 13:15:00+00'::timestamptz, 'every 15 minutes');
select is(ops.cron_last_due('0 3 * * 0', '2026-11-24 13:00:00+00'), '2026-11-22 03:00:00+00'::timestamptz, 'Sundays at 03:00');
select is(ops.cron_last_due('0 3 * * 0', '2026-11-22 03:00:00+00'), '2026-11-22 03:00:00+00'::timestamptz, 'a due time equal to now counts');
select is(ops.cron_last_due('30 4 1,15 * *', '2026-11-14 00:00:00+00'), '2026-11-01 04:30:00+00'::timestamptz, 'lists of days');
select is(ops.cron_last_due('0 0 29 2 *', '2026-11-24 00:00:00+00'), '2024-02-29 00:00:00+00'::timestamptz, '29 February goes back to the last leap year');
select is(ops.cron_last_due('0 9 * * mon-fri', '2026-11-22 12:00:00+00'), '2026-11-20 09:00:00+00'::timestamptz, 'weekday names and ranges (Sunday -> Friday)');
select is(ops.cron_last_due('0 12 13 * 5', '2026-11-14 00:00:00+00'), '2026-11-13 12:00:00+00'::timestamptz, 'day of month OR day of week when both are set');
select is(ops.cron_last_due('@daily', '2026-11-24 13:00:00+00'), '2026-11-24 00:00:00+00'::timestamptz, 'macros');
select is(ops.cron_last_due('0 0 $ * *', '2026-11-24 13:00:00+00'), '2026-10-31 00:00:00+00'::timestamptz, 'last day of the month ($)');
select is(ops.cron_last_due('0 2 * * *', '2026-11-24 12:00:00+00', 'America/New_York'), '2026-11-24 07:00:00+00'::timestamptz, 'evaluated in pg_cron''s time zone');
select throws_ok($$ select ops.cron_last_due('61 * * * *', now()) $$, '22023', null, 'a field out of range is rejected');

-- Scheduling upserts by name.
select ops.schedule_job('ops:test-job', '*/5 * * * *', 'select 1', 'a test job') as jobid \gset
select is(ops.schedule_job('ops:test-job', '*/10 * * * *', 'select 2'), :jobid::bigint, 're-scheduling keeps the job id');
select is((select schedule || ' / ' || command from cron.job where jobname = 'ops:test-job'), '*/10 * * * * / select 2', 'and updates schedule and command');
select is((select count(*)::int from ops.job_definitions where job_name = 'ops:test-job'), 1, 'one definition per name');
select throws_ok($$ select ops.schedule_job('nightly vacuum', '0 3 * * *', 'select 1') $$, '22023', null, 'names must be ops:<job>');

-- Health from runs: a failed run alerts once; a job that stops running is late and alerts once.
update ops.job_definitions set defined_at = now() - interval '1 day' where job_name = 'ops:test-job';
insert into cron.job_run_details (jobid, runid, job_pid, database, username, command, status, return_message, start_time, end_time)
values (:jobid, 900001, 1, current_database(), current_user, 'select 2', 'failed', 'ERROR: boom', now() - interval '3 minutes', now() - interval '3 minutes');
select is((select health from ops.jobs where job_name = 'ops:test-job'), 'failed', 'a failed last run shows as failed');
select is((select count(*)::int from ops.check_jobs() where job_name = 'ops:test-job' and problem = 'failed'), 1, 'check_jobs reports it');
select ops.check_jobs();
select is((select count(*)::int from ops.outbox where topic = 'alert' and ordering_key = 'ops:test-job'
           and payload ->> 'alert_type' = 'cron_job_failed'), 1, 'one alert per failed run, however often it is checked');

update cron.job_run_details set status = 'succeeded', start_time = now() - interval '1 hour', end_time = now() - interval '1 hour'
where runid = 900001;
select is((select health from ops.jobs where job_name = 'ops:test-job'), 'late', 'no run for an hour on a 10-minute schedule is late');
select ok((select late_by > interval '5 minutes' from ops.jobs where job_name = 'ops:test-job'), 'late_by counts from the missed due time');
select ops.check_jobs();
select is((select count(*)::int from ops.outbox where topic = 'alert' and ordering_key = 'ops:test-job'
           and payload ->> 'alert_type' = 'cron_job_late'), 1, 'a late job alerts');

select ok(ops.unschedule_job('ops:test-job'), 'unschedule finds the job');
select ok(not exists (select from cron.job where jobname = 'ops:test-job'), 'and removes it');

select * from finish();
rollback;
